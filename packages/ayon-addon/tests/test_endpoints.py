"""The scripting endpoints: logged-in managers only, validated input, and the dispatched `shotgrid.event`
carries the same payload as the settings page's requests."""

import re

import pytest

from ayon_server.events import EventStream
from ayon_server.lib.postgres import Postgres
from endpoint_client import EndpointClient
from server import ShotgridAddon

HEX32 = re.compile(r"^[0-9a-f]{32}$")
VALID_IMPORT = {"sg_project_id": 123, "project_name": "big_show", "project_code": "bs"}


@pytest.fixture
def client():
    return EndpointClient(ShotgridAddon())


def test_registers_two_post_endpoints():
    addon = ShotgridAddon()
    assert [(e["method"], e["path"]) for e in addon.endpoints] == [
        ("POST", "/import-project"),
        ("POST", "/sync-project/{project_name}"),
    ]


class TestImportProject:
    def test_dispatches_create_project_for_a_manager(self, client, sessions):
        response = client.post("/import-project", json=VALID_IMPORT, token=sessions["manager"])
        assert response.status == 200
        [event] = EventStream.dispatched
        assert response.body == {"eventId": event["id"], "requestId": event["payload"]["requestId"]}
        assert (event["topic"], event["project"], event["user"], event["status"]) == (
            "shotgrid.event", "big_show", "manager", "finished")
        assert event["payload"] == {
            "action": "create-project",
            "project_name": "big_show",
            "project_code": "bs",
            "sg_project_id": 123,
            "user_name": "manager",
            "requestId": response.body["requestId"],
        }
        assert HEX32.match(response.body["requestId"])
        assert "123" in event["description"] and "big_show" in event["description"]

    @pytest.mark.parametrize("role", ["admin", "service"])
    def test_admins_and_services_count_as_managers(self, client, sessions, role):
        assert client.post("/import-project", json=VALID_IMPORT, token=sessions[role]).status == 200

    def test_each_request_gets_its_own_request_id(self, client, sessions):
        first = client.post("/import-project", json=VALID_IMPORT, token=sessions["manager"]).body
        second = client.post("/import-project", json=VALID_IMPORT, token=sessions["manager"]).body
        assert first["requestId"] != second["requestId"]

    def test_an_empty_code_is_allowed(self, client, sessions):
        body = {**VALID_IMPORT, "project_code": ""}
        assert client.post("/import-project", json=body, token=sessions["manager"]).status == 200

    def test_409_for_an_existing_project_without_adopt(self, client, sessions):
        Postgres.queue_rows([{"name": "Big_Show"}])
        response = client.post("/import-project", json=VALID_IMPORT, token=sessions["manager"])
        assert response.status == 409
        assert response.body["detail"] == (
            "The AYON project big_show already exists: importing into it would take it over; "
            "send adopt: true to do that on purpose"
        )
        assert EventStream.dispatched == []
        [(kind, query, args)] = Postgres.calls
        assert (kind, args) == ("fetch", ("big_show",)) and "public.projects" in query

    def test_adopt_true_takes_over_an_existing_project_and_says_so_in_the_event(self, client, sessions):
        Postgres.queue_rows([{"name": "big_show"}])
        response = client.post("/import-project", json={**VALID_IMPORT, "adopt": True}, token=sessions["manager"])
        assert response.status == 200
        [event] = EventStream.dispatched
        assert event["payload"]["adopt"] is True

    @pytest.mark.parametrize("adopt", ["true", 1, "yes"])
    def test_adopt_must_be_the_boolean_true(self, client, sessions, adopt):
        response = client.post("/import-project", json={**VALID_IMPORT, "adopt": adopt}, token=sessions["manager"])
        assert response.status == 400
        assert EventStream.dispatched == []

    @pytest.mark.parametrize("token", [None, "f" * 64])
    def test_401_without_a_valid_login(self, client, token):
        response = client.post("/import-project", json=VALID_IMPORT, token=token)
        assert response.status == 401
        assert EventStream.dispatched == []

    def test_401_comes_before_body_validation(self, client):
        assert client.post("/import-project", json={}, token=None).status == 401

    def test_403_for_a_user_who_is_not_a_manager(self, client, sessions):
        response = client.post("/import-project", json=VALID_IMPORT, token=sessions["artist"])
        assert response.status == 403
        assert response.body == {"code": 403, "detail": "Only managers can import ShotGrid projects"}
        assert EventStream.dispatched == []

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"project_name": "big show"}, "project_name"),
            ({"project_name": "big-show"}, "project_name"),
            ({"project_name": ""}, "project_name"),
            ({"project_name": "x'; DROP TABLE projects; --"}, "project_name"),
            ({"project_code": "b-s"}, "project_code"),
            ({"sg_project_id": "123"}, "sg_project_id"),
            ({"sg_project_id": 0}, "sg_project_id"),
            ({"sg_project_id": 1.5}, "sg_project_id"),
        ],
    )
    def test_400_for_bad_input(self, client, sessions, change, field):
        response = client.post("/import-project", json={**VALID_IMPORT, **change}, token=sessions["manager"])
        assert response.status == 400
        assert [error["loc"] for error in response.body["errors"]] == [(field,)]
        assert EventStream.dispatched == []

    @pytest.mark.parametrize("body", [None, [], {"project_name": "big_show"}])
    def test_400_for_a_missing_or_malformed_body(self, client, sessions, body):
        assert client.post("/import-project", json=body, token=sessions["manager"]).status == 400
        assert EventStream.dispatched == []


class TestSyncProject:
    def test_dispatches_sync_from_shotgrid_for_a_manager(self, client, sessions):
        response = client.post("/sync-project/big_show", token=sessions["manager"])
        assert response.status == 200
        [event] = EventStream.dispatched
        assert response.body == {"eventId": event["id"], "requestId": event["payload"]["requestId"]}
        assert (event["topic"], event["project"], event["user"]) == ("shotgrid.event", "big_show", "manager")
        assert event["payload"] == {
            "action": "sync-from-shotgrid",
            "project_name": "big_show",
            "user_name": "manager",
            "requestId": response.body["requestId"],
        }

    @pytest.mark.parametrize("token", [None, "0" * 64])
    def test_401_without_a_valid_login(self, client, token):
        assert client.post("/sync-project/big_show", token=token).status == 401
        assert EventStream.dispatched == []

    def test_403_for_a_user_who_is_not_a_manager(self, client, sessions):
        response = client.post("/sync-project/big_show", token=sessions["artist"])
        assert response.status == 403
        assert EventStream.dispatched == []

    @pytest.mark.parametrize("name", ["big%20show", "big-show", "big.show", "%27%3B--"])
    def test_400_for_a_bad_project_name(self, client, sessions, name):
        response = client.post(f"/sync-project/{name}", token=sessions["manager"])
        assert response.status == 400
        assert "project name" in response.body["detail"]
        assert EventStream.dispatched == []
