from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.models import User


def test_seed_demo_is_idempotent_and_its_log_ins_work(client, db, capsys):
    call_command("seed_demo")
    people = User.objects.filter(email__endswith="@demo.brueckenschlag.example").count()
    call_command("seed_demo")
    assert User.objects.filter(email__endswith="@demo.brueckenschlag.example").count() == people >= 2
    assert "mitglied@demo.brueckenschlag.example" in capsys.readouterr().out
    response = client.post(
        reverse("account_login"), {"login": "mitglied@demo.brueckenschlag.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:overview")
