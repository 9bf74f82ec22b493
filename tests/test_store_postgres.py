"""The store in PostgreSQL (`--store postgresql://…`), against a real server: scripts/postgres.sh starts
one for the tests and exports its address as FACTFILE_TEST_POSTGRES."""

import json
import os
import uuid

import pytest

from conftest import EXAMPLE, ProgressRecorder, example_with_one_held_back

from factfile.cli import main
from factfile.config import Config
from factfile.errors import OutputError
from factfile.pipeline import add, build
from factfile.store import SCHEMA_VERSION, open_store


@pytest.fixture
def database():
    """A fresh, empty database on the test server; its URL."""
    server = os.environ.get("FACTFILE_TEST_POSTGRES")
    if not server:
        message = "the PostgreSQL store's tests need a server: scripts/postgres.sh starts one (bash scripts/test.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield server.replace("/postgres?", f"/{name}?")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")



def test_a_build_into_postgresql_writes_what_a_build_into_sqlite_writes(database, tmp_path):
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "sqlite"), "-q"]) == 0
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "pg"), "--store", database, "-q"]) == 0
    assert (tmp_path / "pg" / "factfile.json").read_bytes() == (tmp_path / "sqlite" / "factfile.json").read_bytes()
    assert not (tmp_path / "pg" / "factfile.sqlite").exists()


def test_rebuild_add_search_and_judgements_in_postgresql(database, tmp_path):
    corpus, later = example_with_one_held_back(tmp_path)
    out = tmp_path / "out"
    with open_store(database) as store:
        build(corpus, Config(), out_dir=out, store=store)
        progress = ProgressRecorder()
        build(corpus, Config(), progress, out_dir=out, store=store)
        assert progress.annotated() == 0  # nothing changed: nothing meets the model
        factbase, added = add([later], store, Config(), out_dir=out)
        assert [d.id for d in added.documents] == ["06_ulaanbaatar-observer"]
        found = store.search("herders")
        assert "06_ulaanbaatar-observer" in {r["id"] for r in found}
        assert all("\x02" in r["snippet"] for r in found)
        assert [r["id"] for r in store.search("herders", outlet="The Ulaanbaatar Observer")] == [
            "06_ulaanbaatar-observer"]
        assert store.search('"unclosed') is not None  # what a user types never fails
        group = factbase.groups[0]
        store.judge("wrong", "Ana", "two different figures", group=group.id)
        store.judge("move", "Ana", group=group.id, claim=group.claims[0], group_claims=group.claims)
    with open_store(database) as store:  # a new connection: all of it was committed
        factbase = build(corpus, Config(), out_dir=out, store=store)
        assert [(j.group, j.verdict, j.who, j.group_claims) for j in factbase.judgements] == [
            (group.id, "wrong", "Ana", ()), (group.id, "move", "Ana", group.claims)]
        # The move was applied: the claim no longer stands with the others.
        assert factbase.judgements[1].applied
        assert not any(group.claims[0] in g.claims and set(group.claims[1:]) & set(g.claims) for g in factbase.groups)
        assert len(store.documents()) == 5


def test_a_postgresql_store_from_a_newer_factfile_is_refused(database):
    import psycopg

    open_store(database).close()
    with psycopg.connect(database, autocommit=True) as db:
        db.execute("UPDATE factfile.meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(OutputError, match="newer factfile"):
        open_store(database)


def test_an_unreachable_server_is_one_clear_line_without_the_password(tmp_path, capsys):
    code = main(["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-q",
                 "--store", "postgresql://ana:hunter2@127.0.0.1:1/nothing?connect_timeout=2"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot connect to the store postgresql://ana:***@127.0.0.1:1/nothing" in err
    assert "hunter2" not in err and "Traceback" not in err


def test_the_app_searches_a_postgresql_store(database, tmp_path):
    from fastapi.testclient import TestClient

    from factfile.web import create_app

    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "--store", database, "-q"]) == 0
    client = TestClient(create_app(out, store=database))
    found = client.get("/api/search", params={"q": "herders"}).json()
    data = json.loads((out / "factfile.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in found} == {d["id"] for d in data["documents"] if "herders" in d["text"].lower()}
