from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, demo_consultation_links, demo_load


class Command(BaseCommand):
    help = "Create one demo login per role, three sample wards and their residential groups."

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--province", default=None, help="Official province code (01).")

    def handle(self, *args: object, **options: object) -> None:
        import base64

        logins = demo_load(province_code=options["province"])  # type: ignore[arg-type]
        width = max(len(login.username) for login in logins)
        self.stdout.write(self.style.SUCCESS("\nDemo logins (password for all: "
                                             f"{DEMO_PASSWORD})"))
        for login in logins:
            mark = "  [2FA]" if login.two_factor else ""
            self.stdout.write(f"  {login.username:<{width}}  {login.role} — {login.scope}{mark}")
        key = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        self.stdout.write(
            "\n[2FA] accounts ask for a 6-digit code after the password. Add the key "
            f"{key} to an authenticator app, or print the current code with:\n"
            "  .venv/bin/python manage.py totp_code <username>\n"
        )
        base = "http://127.0.0.1:8000"
        consultation = demo_consultation_links()
        if consultation.answer_url:
            self.stdout.write(f"Residents' answer page (no login): {base}{consultation.answer_url}")
            self.stdout.write(f"  It takes answers until {consultation.closes_on:%d/%m/%Y}.\n")
        elif consultation.results_url:
            # From 1 December the plan's deadline has passed: say so rather than print a
            # link that would only show "closed".
            self.stdout.write(
                f"No demo consultation takes answers today: this year's closed on "
                f"{consultation.closes_on:%d/%m/%Y} (residents' opinions are collected before "
                "1 December).")
            self.stdout.write(f"  Its results (log in as mttq.hoankiem): "
                              f"{base}{consultation.results_url}\n")
