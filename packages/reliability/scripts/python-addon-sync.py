"""Runs the real Python addon's first full sync (ayon-shotgrid 0.6.19) against the emulators, for
python-addon-check.ts: create_sg_entities_in_ay, then match_shotgrid_hierarchy_in_ayon, as its hub's
synchronize_projects(source="shotgrid") calls them.

Usage: python3 python-addon-sync.py CONFIG.json, with PYTHONPATH holding extracted checkouts of
ayon-shotgrid's services/shotgrid_common (0.6.19), ayon-python-api (1.2.x) and shotgun_api3 (3.10).
The config (written by python-addon-check.ts) names both servers, the projects, the settings and the
users map. One stand-in, for what the emulators do not serve: the addon's server endpoint get_ayon_name_by_sg_id
(a lookup of AYON users by data.sg_user_id), replaced by the config's users map.
"""
import json
import os
import sys

config = json.load(open(sys.argv[1], encoding="utf-8"))
os.environ["AYON_SERVER_URL"] = config["ayon_url"]
os.environ["AYON_API_KEY"] = config["ayon_key"]

import ayon_api  # noqa: E402
import shotgun_api3  # noqa: E402
import utils  # noqa: E402  (ayon-shotgrid services/shotgrid_common)
from ayon_api.entity_hub import EntityHub  # noqa: E402
from ayon_shotgrid_hub.match_shotgrid_hierarchy_in_ayon import match_shotgrid_hierarchy_in_ayon  # noqa: E402

utils.get_ayon_name_by_sg_id = lambda sg_user_id: config["users"].get(str(sg_user_id))

sg = shotgun_api3.Shotgun(config["sg_url"], script_name=config["script_name"], api_key=config["script_key"])
attribs_map = dict(config["custom_attribs_map"])
fields = ["code", "name", "sg_ayon_id", "sg_ayon_auto_sync"] + [f for sg_field in attribs_map.values() for f in (f"sg_{sg_field}", sg_field)]
sg_project = sg.find_one("Project", [["id", "is", config["sg_project_id"]]], fields=fields)
hub = EntityHub(config["project"])
utils.create_sg_entities_in_ay(hub.project_entity, sg, sg_project, config["enabled"])
hub.commit_changes()
match_shotgrid_hierarchy_in_ayon(hub, sg_project, sg, config["enabled"], "code", attribs_map, config["addon_settings"])
print("synced")
