"""Helpers for Playwright tests: log in (with the second factor when the role needs it)."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page


def current_code(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/accounts/2fa/" in page.url:
        page.get_by_label("Mã 6 chữ số").fill(current_code(username))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()


def screenshot_if_asked(page: Page, name: str) -> None:
    """With SHOTS=<dir> in the environment, save a full-page screenshot for a reviewer to
    look at (it asserts nothing; without SHOTS it does nothing)."""
    import os
    from pathlib import Path

    folder = os.environ.get("SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)
