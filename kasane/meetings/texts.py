"""The first version of the pledge text (誓約書), loaded by migration so that a new installation
can record pledges at once. A municipality adds its own versions; a pledge keeps the version
that was signed."""

FIRST_VERSION = "第1版"
FIRST_EFFECTIVE_ON = "2025-04-01"
FIRST_BODY = """守秘義務に関する誓約書

私は、社会福祉法第106条の6に基づく支援会議（以下「会議」という。）の構成員として、次のことを誓約します。

1. 会議において知り得た個人の秘密及び会議の資料に記載された情報を、正当な理由なく他に漏らしません。会議の構成員でなくなった後も同様とします。
2. 会議の資料は会議の終了時に返却し、複写・撮影・録音をしません。
3. 会議で共有された情報は、会議で検討した支援の目的のためだけに用います。
4. 前各号に違反したときは、社会福祉法の定める罰則の対象となることを理解しています。
"""  # noqa: E501
