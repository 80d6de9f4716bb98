"""setup_demo: demo data on an empty database, the Editors group, and two demo editors."""

import os

import environ
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from comparisons.editors import EDITORS_GROUP
from comparisons.models import Framework
from tests.accounts import code_now, code_step, password_step, second_factor


@pytest.fixture
def local_env(settings, tmp_path):
    """The git-ignored .env of a checkout, here a file of the test's own."""
    settings.LOCAL_ENV_FILE = tmp_path / ".env"
    return settings.LOCAL_ENV_FILE


@pytest.fixture
def setup_demo(db, monkeypatch, capsys, local_env):
    def run(password="demo-editor-pass-123", *args):
        monkeypatch.setenv("DEMO_EDITOR_PASSWORD", password)
        call_command("setup_demo", *args)
        return capsys.readouterr().out

    return run


def test_setup_demo_loads_the_demo_into_an_empty_database(setup_demo):
    setup_demo()
    assert Framework.objects.count() == 13  # the article's three and ten more (docs/demo-data.md)


def test_setup_demo_leaves_existing_data_alone(setup_demo):
    setup_demo()
    Framework.objects.filter(slug="flask").update(name="Flask (edited)")
    output = setup_demo()
    assert "left as it is" in output
    assert Framework.objects.get(slug="flask").name == "Flask (edited)"


def sign_in(client, username, password):
    """Sign in through the admin's sign-in, as a person would: password, then the app's code."""
    device = second_factor(User.objects.get(username=username))
    password_step(client, username, password)
    return code_step(client, code_now(device))


@pytest.mark.parametrize("username", ["editor", "editor2"])
def test_setup_demo_prints_two_logins_that_work(setup_demo, client, username):
    output = setup_demo("s3cret-for-demo")
    assert "usernames 'editor' and 'editor2', password 's3cret-for-demo'" in output
    response = sign_in(client, username, "s3cret-for-demo")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Framework comparisons" in client.get("/admin/").content.decode()


def _printed_password(output):
    return output.split("password '")[1].split("'")[0]


def test_a_generated_password_is_kept_in_the_local_env_and_reused(
    db, monkeypatch, capsys, client, local_env
):
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "restored-after-the-test")
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD")
    local_env.write_text("DJANGO_LOG_LEVEL=INFO\n")
    call_command("setup_demo")
    password = _printed_password(capsys.readouterr().out)
    assert len(password) >= 12
    assert local_env.read_text() == f"DJANGO_LOG_LEVEL=INFO\nDEMO_EDITOR_PASSWORD={password}\n"
    assert oct(local_env.stat().st_mode & 0o777) == "0o600"
    hashed = User.objects.get(username="editor").password

    # The next run, a new process, reads .env as config/settings.py does, and keeps it all:
    # the password, its hash, and so the sessions of a server still running.
    os.environ.pop("DEMO_EDITOR_PASSWORD")
    # read_env sets DJANGO_LOG_LEVEL from the file: recorded first, so monkeypatch restores it.
    monkeypatch.setenv("DJANGO_LOG_LEVEL", "recorded")
    monkeypatch.delenv("DJANGO_LOG_LEVEL")
    environ.Env.read_env(local_env)
    call_command("setup_demo")
    assert _printed_password(capsys.readouterr().out) == password
    assert User.objects.get(username="editor").password == hashed
    assert sign_in(client, "editor", password).status_code == 302


def test_reset_passwords_makes_a_new_one_and_keeps_it(setup_demo, local_env, client):
    setup_demo("the-old-demo-password")
    output = setup_demo("the-old-demo-password", "--reset-passwords")
    password = _printed_password(output)
    assert password != "the-old-demo-password"
    assert local_env.read_text() == f"DEMO_EDITOR_PASSWORD={password}\n"
    assert sign_in(client, "editor2", password).status_code == 302


def test_a_weak_chosen_password_is_refused_with_the_reason(setup_demo):
    with pytest.raises(CommandError, match="at least 12 characters"):
        setup_demo("short-pw")


def test_setup_demo_says_how_to_set_up_a_second_factor(setup_demo, settings):
    settings.TWO_FACTOR_REQUIRED = False
    output = setup_demo("demo-editor-pass-123", "--site-url", "http://127.0.0.1:8001")
    assert "at http://127.0.0.1:8001/admin/" in output
    assert "open http://127.0.0.1:8001/account/two_factor/ to set one up" in output
    assert "manage.py two_factor_disable editor" in output
    settings.TWO_FACTOR_REQUIRED = True
    assert "at the first sign-in" in setup_demo()


def test_demo_editor_is_a_staff_member_of_editors_only(setup_demo):
    setup_demo()
    setup_demo()
    for editor in User.objects.filter(username__in=["editor", "editor2"]):
        assert editor.is_staff
        assert not editor.is_superuser
        assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert User.objects.filter(username__in=["editor", "editor2"]).count() == 2
    assert Group.objects.filter(name=EDITORS_GROUP).count() == 1


def test_editors_may_edit_comparison_data_but_not_users(setup_demo):
    setup_demo()
    editor = User.objects.get(username="editor")
    assert editor.has_perm("comparisons.change_release")
    assert editor.has_perm("comparisons.add_benchmarkresult")
    assert editor.has_perm("comparisons.delete_attributevalue")
    assert not editor.has_perm("comparisons.delete_framework")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.add_group")


def test_setup_editors_creates_the_group_and_makes_named_users_editors(db, capsys):
    User.objects.create_user("alice", password="alice-pass-123")
    call_command("setup_editors", "alice")
    call_command("setup_editors")
    alice = User.objects.get(username="alice")
    assert alice.is_staff
    assert not alice.is_superuser
    assert list(alice.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert alice.has_perm("comparisons.change_release")
    assert not User.objects.filter(username="editor").exists()
    assert not Framework.objects.exists()


def test_setup_editors_refuses_unknown_users(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No such user: nobody"):
        call_command("setup_editors", "nobody")
