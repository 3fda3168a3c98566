#!/usr/bin/env python3
"""Drive an AYON server (the real one, or `ayon-sg-runtime emulator ayon`) with Ynput's own Python
client, ayon-python-api, and report each call: OK with a short result, or FAIL with the error.

    PYTHONPATH=/path/to/ayon-python-api python3 packages/testkit/scripts/pyapi_conformance.py URL API_KEY

The settings calls run bundle-wide always, and per addon when the production bundle holds an addon
with settings (install one first: build the zip with `pnpm addon:package` and POST it to
/api/addons/install; on a real server also restart it and put the addon in the production bundle).

The client is not part of this repository: put a checkout of ynput/ayon-python-api (1.2.x) on
PYTHONPATH. Without it the script says so and exits 0 (skipped). Exit status: the number of failures.
"""
import sys
import uuid

try:
    import ayon_api
    from ayon_api import ServerAPI
except ImportError:
    print("SKIPPED: ayon_api is not importable (put an ayon-python-api checkout on PYTHONPATH)")
    sys.exit(0)

if len(sys.argv) < 3:
    print(__doc__)
    sys.exit(2)

URL, KEY = sys.argv[1], sys.argv[2]
PROJECT = "pyapi_" + uuid.uuid4().hex[:6]
results = []


def step(name, fn, expect_error=None):
    """Runs one call. `expect_error`: an HTTP status the call must fail with (the call is OK if it does)."""
    try:
        out = fn()
        if expect_error is not None:
            results.append((name, "FAIL", f"expected HTTP {expect_error}, got {out!r}"))
        else:
            results.append((name, "OK", out))
    except Exception as exc:  # noqa: BLE001 - every failure is a result here
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if expect_error is not None and (status == expect_error or f"{expect_error}" in str(exc)):
            results.append((name, "OK", f"refused as expected: {exc}"))
        else:
            results.append((name, "FAIL", f"{type(exc).__name__}: {exc}"))
    name, verdict, out = results[-1]
    print(f"{verdict:4} {name}: {str(out)[:240]}")
    return results[-1][2] if verdict == "OK" else None


api = ServerAPI(URL, token=KEY)
print(f"ayon_api {ayon_api.__version__} -> {URL}")

# server, users
step("get_server_version", api.get_server_version)
step("get_info (keys)", lambda: sorted(api.get_info().keys()))
step("get_user (me)", lambda: {k: v for k, v in api.get_user().items() if k in ("name", "data")})
step("get_users", lambda: sorted(u["name"] for u in api.get_users()))

# projects and anatomy
step("create_project", lambda: api.create_project(PROJECT, PROJECT[:10]))
step("get_project (folderTypes[0], statuses[0])", lambda: (api.get_project(PROJECT)["folderTypes"][0], api.get_project(PROJECT)["statuses"][0]["name"]))
step("get_project_names", lambda: PROJECT in api.get_project_names())

# folders and tasks
seq = step("create_folder sq010", lambda: api.create_folder(PROJECT, "sq010", folder_type="Sequence"))
shot = step("create_folder sq010/sh010", lambda: api.create_folder(PROJECT, "sh010", folder_type="Shot", parent_id=seq))
task = step("create_task", lambda: api.create_task(PROJECT, "comp", task_type="Compositing", folder_id=shot))
step("get_folder_by_path sq010/sh010", lambda: (api.get_folder_by_path(PROJECT, "sq010/sh010") or {}).get("id") == shot)
step("get_folder_by_path /sq010/sh010", lambda: (api.get_folder_by_path(PROJECT, "/sq010/sh010") or {}).get("id") == shot)
step("get_folders folder_path_regex '^/sq010/sh'", lambda: [f["name"] for f in api.get_folders(PROJECT, folder_path_regex="^/sq010/sh")])
step("get_folders folder_path_regex '^sq010'", lambda: [f["name"] for f in api.get_folders(PROJECT, folder_path_regex="^sq010")])
step("get_rest_folder", lambda: api.get_rest_folder(PROJECT, shot)["path"])
step("get_tasks folder_ids", lambda: [(t["name"], t["taskType"]) for t in api.get_tasks(PROJECT, folder_ids=[shot])])
step("update_folder label", lambda: api.update_folder(PROJECT, shot, label="Shot 10"))

# products, versions, representations
product = step("create_product", lambda: api.create_product(PROJECT, "renderMain", "render", shot))
step("get_products folder_ids", lambda: [p["name"] for p in api.get_products(PROJECT, folder_ids=[shot])])
step("get_product_by_name", lambda: (api.get_product_by_name(PROJECT, "renderMain", shot) or {}).get("id") == product)
version = step("create_version v001", lambda: api.create_version(PROJECT, 1, product, task_id=task))
step("create_version v002", lambda: api.create_version(PROJECT, 2, product))
step("get_versions product_ids", lambda: sorted(v["version"] for v in api.get_versions(PROJECT, product_ids=[product])))
step("get_last_version_by_product_id", lambda: api.get_last_version_by_product_id(PROJECT, product)["version"])
step("get_rest_version", lambda: api.get_rest_version(PROJECT, version)["path"])
rep = step("create_representation", lambda: api.create_representation(PROJECT, "exr", version, files=[{"id": uuid.uuid4().hex, "path": "/r/sh010.1001.exr", "size": 10}]))
step("get_representations version_ids", lambda: [(r["name"], r.get("files")) for r in api.get_representations(PROJECT, version_ids=[version])])
step("delete_folder with a product (refused)", lambda: api.delete_folder(PROJECT, shot), expect_error=409)
step("update_folder rename with versions (refused)", lambda: api.update_folder(PROJECT, shot, name="sh020"), expect_error=403)

# events and enroll
topic = "pyapi.source"
event = step("dispatch_event", lambda: api.dispatch_event(topic, sender="pyapi", project_name=PROJECT, description="source", summary={"k": 1}, payload={"n": 1}))
event_id = getattr(event, "data", {}).get("id") if event is not None else None
step("get_event", lambda: {k: v for k, v in api.get_event(event_id).items() if k in ("topic", "status", "project")})
step("get_events topics", lambda: [e["topic"] for e in api.get_events(topics=[topic], project_names=[PROJECT])])
job = step("enroll_event_job", lambda: api.enroll_event_job(topic, "pyapi.target", sender="pyapi-worker", description="work", sequential=True))
if job:
    step("update_event finished", lambda: api.update_event(job["id"], status="finished", description="done"))
    step("enroll_event_job (nothing left)", lambda: api.enroll_event_job(topic, "pyapi.target", sender="pyapi-worker"))

# addons, settings, secrets
step("get_addons_info", lambda: [a["name"] for a in api.get_addons_info()["addons"]])
step("get_bundles", lambda: sorted(api.get_bundles().keys()))
step("save_secret", lambda: api.save_secret("pyapi_secret", "s3cret"))
step("get_secret", lambda: api.get_secret("pyapi_secret"))
step("get_secrets", lambda: [s["name"] for s in api.get_secrets()])
step("delete_secret", lambda: api.delete_secret("pyapi_secret"))

# settings: bundle-wide (GET /api/settings) always; per addon when the production bundle holds an
# addon with settings (install one first, e.g. the zip from `pnpm addon:package`)
SITE = "pyapi-site"


def addon_with_settings():
    for info in api.get_addons_info()["addons"]:
        version = info.get("productionVersion")
        if version and info["versions"].get(version, {}).get("hasSettings"):
            return info["name"], version
    return None


def bundle_summary(**kwargs):
    out = api.get_bundle_settings(**kwargs)
    flags = [(a["name"], a["version"], sorted(k for k in a if k.startswith("has") and a[k])) for a in out["addons"]]
    return {"projectName": out.get("projectName"), "bundleName": out["bundleName"], "addons": flags}


step("get_bundle_settings (studio)", bundle_summary)
step("get_bundle_settings project_name, site_id", lambda: bundle_summary(project_name=PROJECT, site_id=SITE))
step("get_addons_studio_settings", lambda: sorted(api.get_addons_studio_settings()))
step("get_addons_project_settings", lambda: sorted(api.get_addons_project_settings(PROJECT)))
step("get_addons_settings project_name, only_values=False", lambda: sorted(api.get_addons_settings(project_name=PROJECT, only_values=False)))
step("get_bundle_settings unknown bundle (refused)", lambda: api.get_bundle_settings(bundle_name="no_such_bundle"), expect_error=404)
step("get_addons_project_settings unknown project (refused)", lambda: api.get_addons_project_settings("no_such_project"), expect_error=404)
addon = step("find an addon with settings in the production bundle", addon_with_settings)
if addon:
    name, version = addon
    studio = step("get_addon_studio_settings", lambda: api.get_addon_studio_settings(name, version))
    step("get_addon_studio_settings == its get_addons_studio_settings entry", lambda: studio == api.get_addons_studio_settings()[name])
    step("get_addon_project_settings use_site=False", lambda: sorted(api.get_addon_project_settings(name, version, PROJECT, use_site=False)))
    step("get_addon_settings project_name, site_id", lambda: api.get_addon_settings(name, version, PROJECT, site_id=SITE) == api.get_addons_project_settings(PROJECT, site_id=SITE)[name])
    step("get_addon_site_settings_schema", lambda: api.get_addon_site_settings_schema(name, version))
    step("get_addon_site_settings site_id", lambda: api.get_addon_site_settings(name, version, site_id=SITE))
    step("get_addon_settings_schema (title, type)", lambda: {k: v for k, v in api.get_addon_settings_schema(name, version).items() if k in ("title", "type")})
    # A project override saved the way the settings page does it (the whole settings object, one value
    # changed: the server stores the difference from the resolved settings), then dropped again.
    def checked(response):
        response.raise_for_status()
        return response.status_code

    field = next((k for k, v in sorted((studio or {}).items()) if isinstance(v, str)), None)
    if field:
        changed = dict(studio, **{field: studio[field] + "_pyapi"})
        step(f"POST project settings ({field} changed)", lambda: checked(api.post(f"addons/{name}/{version}/settings/{PROJECT}", **changed)))
        step("get_addon_project_settings sees the override", lambda: api.get_addon_project_settings(name, version, PROJECT, use_site=False)[field] == changed[field])
        step("get_bundle_settings project_name flags the override", lambda: bundle_summary(project_name=PROJECT)["addons"])
        step("DELETE project overrides", lambda: checked(api.delete(f"addons/{name}/{version}/overrides/{PROJECT}")))
        step("get_addon_project_settings back to studio", lambda: api.get_addon_project_settings(name, version, PROJECT, use_site=False) == studio)
else:
    print("SKIP per-addon settings calls: no addon with settings in the production bundle")

step("delete_project", lambda: api.delete_project(PROJECT))
failures = [r for r in results if r[1] == "FAIL"]
print(f"{len(results) - len(failures)} OK, {len(failures)} FAIL")
sys.exit(len(failures))
