"""Settings, static files and the commands `make run` relies on."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)


def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='legpain.settings'; django.setup()"


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_python(SETUP)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_uses_a_development_key_and_local_hosts():
    code = SETUP + "; from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    result = run_python(code, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "127.0.0.1" in result.stdout


def test_environment_configures_database_and_emergency_number():
    code = SETUP + (
        "; from django.conf import settings as s;"
        " print(s.DATABASES['default']['ENGINE'], s.EMERGENCY_NUMBER, s.ALLOWED_HOSTS)"
    )
    result = run_python(
        code,
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db.example:5432/legpain",
        EMERGENCY_NUMBER="999",
        ALLOWED_HOSTS="legpain.example, www.legpain.example",
    )
    assert result.returncode == 0, result.stderr
    assert "legpain.postgresql 999" in result.stdout  # Django's, with deadlines
    assert "['legpain.example', 'www.legpain.example']" in result.stdout


def test_collectstatic_makes_compressed_hashed_files(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    css = sorted(path.name for path in (tmp_path / "css").iterdir())
    assert any(name.startswith("site.") and name.endswith(".css.gz") for name in css)
    assert any(len(name.split(".")) == 3 and name.endswith(".css") for name in css), css
    assert (tmp_path / "staticfiles.json").exists()


@pytest.mark.django_db
def test_create_local_editor_prints_a_login(capsys, settings, django_user_model):
    settings.DEBUG = True
    call_command("create_local_editor")
    out = capsys.readouterr().out
    password = next(
        line.split(":", 1)[1].strip() for line in out.splitlines() if "Password" in line
    )
    assert django_user_model.objects.get(username="editor").check_password(password)
    assert "http://127.0.0.1:8000/admin/" in out


@pytest.mark.django_db
def test_create_local_editor_names_the_port_make_run_uses(capsys, settings):
    settings.DEBUG = True
    call_command("create_local_editor", "--port", "8001")
    assert "  Admin:    http://127.0.0.1:8001/admin/\n" in capsys.readouterr().out


def test_make_run_names_a_taken_port_in_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            ["make", "-s", "port-free", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True
        )
    assert result.returncode != 0
    assert result.stdout == (
        f"Port {port} is in use: stop the other server or run `make run PORT={port + 1}`.\n"
    )
    assert "Traceback" not in result.stderr


def test_no_axes_banner_on_manage_py_commands():
    result = run_python(
        SETUP + "; from django.core.management import call_command; call_command('check')",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_create_local_editor_refuses_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_local_editor")


@pytest.mark.django_db
def test_migrations_are_committed():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_system_checks_pass():
    call_command("check")
