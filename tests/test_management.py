"""setup_demo: demo data on an empty database, the Editors group, and two demo editors."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from comparisons.editors import EDITORS_GROUP
from comparisons.models import Framework


@pytest.fixture
def setup_demo(db, monkeypatch, capsys):
    def run(password="demo-editor-pass-123"):
        monkeypatch.setenv("DEMO_EDITOR_PASSWORD", password)
        call_command("setup_demo")
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
    """Sign in through the admin's login form, as a person would (and as django-axes sees)."""
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.mark.parametrize("username", ["editor", "editor2"])
def test_setup_demo_prints_two_logins_that_work(setup_demo, client, username):
    output = setup_demo(password="s3cret-for-demo")
    assert "username 'editor', password 's3cret-for-demo'" in output
    assert "username 'editor2', password 's3cret-for-demo'" in output
    response = sign_in(client, username, "s3cret-for-demo")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Framework comparisons" in client.get("/admin/").content.decode()


def test_setup_demo_generates_a_password_when_none_is_given(db, monkeypatch, capsys, client):
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)
    call_command("setup_demo")
    output = capsys.readouterr().out
    first, second = (part.split("'")[0] for part in output.split("password '")[1:3])
    assert len(first) >= 12
    assert first != second
    assert sign_in(client, "editor", first).status_code == 302
    client.logout()
    assert sign_in(client, "editor2", second).status_code == 302


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
