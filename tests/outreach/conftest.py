from tests.conftest import _cast

csw = _cast("csw")
sanka = _cast("sanka")
