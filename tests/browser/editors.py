"""Logging in to the admin in a real browser (the ``people`` fixture is in conftest.py)."""

PASSWORD = "a-long-test-password"


def log_in(page, site, username):
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")
