"""What a signed-in user sees around every page: the front page (今日やること, made of the cards
that each app registers in `kasane.core.home`), the menu, and the health check. It sits on top
of every app, beside the URLs: nothing imports it."""
