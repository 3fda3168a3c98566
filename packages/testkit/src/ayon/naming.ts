// Name and value patterns enforced by the server (ayon_server/types.py and the API models).

/** Entity names, sender names, secret names, project names in POST bodies. */
// Written as ayon-backend ayon_server/types.py spells it, so error messages quote the same pattern.
export const NAME_REGEX = /^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$/;
/** Event topics (dispatch, update, enroll). */
// Written as ayon-backend ayon_server/types.py writes it (validation errors quote the pattern's text).
export const TOPIC_REGEX = /^[a-zA-Z][a-zA-Z0-9_\.\*]{2,64}$/;
/** Labels anywhere: no apostrophes or semicolons. */
export const LABEL_REGEX = /^[^';]*$/;
/** Project names as the database schema name allows them. */
export const PROJECT_NAME_REGEX = /^[a-zA-Z0-9_]+$/;
export const PROJECT_CODE_REGEX = /^[a-zA-Z0-9_]*$/;
/** User names (PUT /api/users/{name}). */
export const USER_NAME_REGEX = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/;
/** Service API keys given at user creation. */
export const SERVICE_API_KEY_REGEX = /^[a-zA-Z0-9]{32}$/;
/** Attribute names: camelCase letters and digits. */
export const ATTRIBUTE_NAME_REGEX = /^[a-zA-Z0-9]{2,64}$/;
/** Colors in project bodies. */
// Spelled as ayon-backend api/projects/deploy.py does, so error messages quote the same pattern.
export const COLOR_REGEX = /^#(?:[0-9a-fA-F]{3}){1,2}$/;
