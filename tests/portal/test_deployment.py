"""The deployment files agree with each other and with the settings: names, ports, paths."""

import re
import runpy
from pathlib import Path

import pytest
import yaml
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ["migrate", "web"]


def read(name):
    return (ROOT / name).read_text(encoding="utf-8")


def names_read_by_settings():
    return set(re.findall(r"\benv(?:_bool|_int|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", read("portal/settings.py")))


def names_read_by_gunicorn():
    return set(re.findall(r"os\.environ\.get\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", read("gunicorn.conf.py")))


def names_in_env_example():
    # Commented-out lines count: they document an optional variable whose empty value would differ from unset.
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", read(".env.example"), flags=re.MULTILINE))


def compose():
    return yaml.safe_load(read("docker-compose.yml"))


def environment(service):
    env = service.get("environment", {})
    return set(env) if isinstance(env, dict) else {item.split("=", 1)[0] for item in env}


def gunicorn_conf(monkeypatch, **env):
    for name in names_read_by_gunicorn():
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def dockerfile_instruction(keyword):
    text = read("Dockerfile").replace("\\\n", " ")
    return re.search(rf"^{keyword}\s+(.+)$", text, flags=re.MULTILINE)[1]


def test_the_settings_helpers_are_found():
    # Guards the regex: if the settings stopped calling env(…), every other check here would pass vacuously.
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL", "OPERATOR_SUPERVISORY_AUTHORITY"} <= names_read_by_settings()


def test_it_defines_the_services():
    assert {"db", "migrate", "web", "proxy"} <= set(compose()["services"])


def test_web_and_migrate_run_the_same_image():
    services = compose()["services"]
    assert services["web"]["build"] == services["migrate"]["build"]
    assert services["web"]["image"] == services["migrate"]["image"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_set_only_variables_that_are_read(name):
    service = compose()["services"][name]
    assert environment(service) - names_read_by_settings() - names_read_by_gunicorn() == set()


def test_env_example_names_only_variables_that_are_read():
    used_by_compose = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", read("docker-compose.yml")))
    known = names_read_by_settings() | names_read_by_gunicorn() | used_by_compose
    assert names_in_env_example() - known == set()


def test_env_example_documents_every_variable():
    assert names_read_by_settings() | names_read_by_gunicorn() <= names_in_env_example()


def test_readme_documents_every_variable():
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)`", read("README.md"), flags=re.MULTILINE))
    assert names_read_by_settings() | names_read_by_gunicorn() <= documented


def test_the_app_port_agrees_everywhere(monkeypatch):
    port = int(gunicorn_conf(monkeypatch)["bind"].rsplit(":", 1)[1])
    web = compose()["services"]["web"]
    assert [int(p) for p in web["expose"]] == [port]
    assert int(dockerfile_instruction("EXPOSE")) == port
    assert re.findall(r"http://web:(\d+)", read("deploy/nginx.conf")) == [str(port)]
    assert f"localhost:{port}/" in dockerfile_instruction("HEALTHCHECK")


def test_web_publishes_no_fixed_port_so_it_can_scale():
    web = compose()["services"]["web"]
    assert web["deploy"]["replicas"] >= 1
    assert "ports" not in web


def test_the_health_check_asks_healthz():
    path = re.search(r"https?://[^/\s'\"]+(/[^\s'\"]*)", dockerfile_instruction("HEALTHCHECK"))[1]
    assert resolve(path).url_name == "healthz"


def test_web_and_proxy_share_the_media_directory():
    services = compose()["services"]
    media_root = services["web"]["environment"]["MEDIA_ROOT"]
    assert f"media:{media_root}" in services["web"]["volumes"]
    nginx_alias = re.search(r"location /media/ \{\s*alias ([^;]+)/;", read("deploy/nginx.conf"))[1]
    assert f"media:{nginx_alias}:ro" in services["proxy"]["volumes"]
    assert "X-Content-Type-Options nosniff" in read("deploy/nginx.conf")


def test_gunicorn_conf_sets_bind_and_workers(monkeypatch):
    conf = gunicorn_conf(monkeypatch)
    assert conf["bind"] == "0.0.0.0:8000"
    assert 1 <= conf["workers"] <= 8


def test_gunicorn_conf_takes_port_and_workers_from_the_environment(monkeypatch):
    conf = gunicorn_conf(monkeypatch, PORT="9000", WEB_CONCURRENCY="3")
    assert conf["bind"] == "0.0.0.0:9000"
    assert conf["workers"] == 3
