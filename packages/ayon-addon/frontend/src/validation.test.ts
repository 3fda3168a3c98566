// The page refuses the same names and codes as AYON and server/endpoints.py.
import { describe, expect, it } from "@jest/globals";
import { projectCodeProblem, projectNameProblem } from "./validation.js";

describe("project name", () => {
  it.each(["big_show", "BigShow2", "_x"])("accepts %s", (name) => {
    expect(projectNameProblem(name)).toBeNull();
  });

  it.each(["big show", "big-show", "big.show", "bïg", "x';--"])("refuses %s", (name) => {
    expect(projectNameProblem(name)).toBe("The project name may contain only letters, digits and underscores.");
  });

  it("asks for a name when empty", () => {
    expect(projectNameProblem("")).toBe("Enter a project name.");
  });

  it("refuses a name AYON already has, ignoring case", () => {
    expect(projectNameProblem("Big_Show", ["big_show"])).toBe("AYON already has a project named Big_Show.");
  });
});

describe("project code", () => {
  it.each(["", "bs", "BS_01"])("accepts %j", (code) => {
    expect(projectCodeProblem(code)).toBeNull();
  });

  it.each(["b-s", "b s"])("refuses %s", (code) => {
    expect(projectCodeProblem(code)).toBe("The project code may contain only letters, digits and underscores.");
  });
});
