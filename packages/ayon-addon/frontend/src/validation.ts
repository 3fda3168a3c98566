// AYON's rules for a new project's name and code (ayon-backend ayon_server/types.py PROJECT_NAME_REGEX /
// PROJECT_CODE_REGEX); server/endpoints.py enforces the same. Each function returns why the value cannot be used, or
// null when it can.

const PROJECT_NAME = /^[a-zA-Z0-9_]+$/;
const PROJECT_CODE = /^[a-zA-Z0-9_]*$/;

export function projectNameProblem(name: string, existingNames: readonly string[] = []): string | null {
  if (name === "") return "Enter a project name.";
  if (!PROJECT_NAME.test(name)) return "The project name may contain only letters, digits and underscores.";
  const lower = name.toLowerCase();
  if (existingNames.some((existing) => existing.toLowerCase() === lower)) {
    return `AYON already has a project named ${name}.`;
  }
  return null;
}

export function projectCodeProblem(code: string): string | null {
  if (!PROJECT_CODE.test(code)) return "The project code may contain only letters, digits and underscores.";
  return null;
}
