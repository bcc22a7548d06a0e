import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WORLD_FILE, WorldValidationError, loadWorldFile, parseWorld, startSimulator } from "../../simulator/index";

// Raw JSON edited freely to build invalid worlds; typing it would defeat the purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let defaultWorld: Record<string, any>;
let scratch: string;
beforeAll(async () => {
  defaultWorld = JSON.parse(await readFile(DEFAULT_WORLD_FILE, "utf8"));
  scratch = await mkdtemp(path.join(tmpdir(), "canopy-sim-world-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A deep copy of the default world, changed by `edit`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function variant(edit: (world: Record<string, any>) => void) {
  const world = structuredClone(defaultWorld);
  edit(world);
  return world;
}

function validationMessage(data: unknown): string {
  try {
    parseWorld(data, "test-world.json");
  } catch (error) {
    expect(error).toBeInstanceOf(WorldValidationError);
    return (error as Error).message;
  }
  throw new Error("expected the world to be rejected");
}

describe("default world", () => {
  it("loads and holds the partner tenant, its three staff users, a customer and the app", async () => {
    const world = await loadWorldFile();
    const partner = world.tenants.find((tenant) => tenant.id === world.application.homeTenantId)!;
    expect(partner.displayName).toBe("Contoso Security Partners");
    expect(partner.verifiedDomains).toEqual(["contososecurity.onmicrosoft.com"]);
    expect(partner.users.map((user) => [user.displayName, user.appRoleAssignments])).toEqual([
      ["Avery Admin", ["Canopy.Admin"]],
      ["Sam Analyst", ["Canopy.Analyst"]],
      ["Riley NoRole", []],
    ]);
    const customer = world.tenants.find((tenant) => tenant.verifiedDomains.includes("fabrikam.onmicrosoft.com"))!;
    expect(customer.users[0]!.directoryRoles).toEqual(["Global Administrator"]);
    expect(world.application.redirectUris).toEqual(["http://localhost:3000/api/auth/callback/entra"]);
    expect(world.application.appRoles.map((role) => role.value)).toEqual(["Canopy.Admin", "Canopy.Analyst"]);
  });
});

describe("world validation names the bad field", () => {
  it("reports a malformed user object id by its path", () => {
    const message = validationMessage(variant((w) => (w.tenants[0].users[1].id = "not-a-guid")));
    expect(message).toContain("test-world.json");
    expect(message).toContain("tenants[0].users[1].id: must be a GUID");
  });

  it("reports an app role assignment the app does not define", () => {
    const message = validationMessage(variant((w) => (w.tenants[0].users[0].appRoleAssignments = ["Canopy.Owner"])));
    expect(message).toContain('tenants[0].users[0].appRoleAssignments[0]: "Canopy.Owner" is not an app role of the application');
  });

  it("reports a missing client id and a misspelt field", () => {
    const message = validationMessage(
      variant((w) => {
        delete w.application.clientId;
        w.tenants[1].verifiedDomain = ["x.onmicrosoft.com"];
      }),
    );
    expect(message).toContain("application.clientId:");
    expect(message).toMatch(/tenants\[1\].*verifiedDomain/);
  });

  it("reports a home tenant that is not in the world", () => {
    const message = validationMessage(variant((w) => (w.application.homeTenantId = "00000000-0000-4000-8000-000000000000")));
    expect(message).toContain("application.homeTenantId: is not the id of a tenant in this world");
  });

  it("reports a UPN outside the tenant's verified domains and a duplicate UPN", () => {
    const outside = validationMessage(variant((w) => (w.tenants[0].users[2].userPrincipalName = "riley@fabrikam.onmicrosoft.com")));
    expect(outside).toContain("tenants[0].users[2].userPrincipalName: domain fabrikam.onmicrosoft.com is not a verified domain");
    const duplicate = validationMessage(variant((w) => (w.tenants[0].users[2].userPrincipalName = w.tenants[0].users[0].userPrincipalName)));
    expect(duplicate).toContain("tenants[0].users[2].userPrincipalName: duplicate userPrincipalName");
  });

  it("reports a client secret with both or neither of value and hash, and a bad expiry", () => {
    const both = validationMessage(variant((w) => (w.application.clientSecrets[0].hash = `sha256:${"0".repeat(64)}`)));
    expect(both).toContain("application.clientSecrets[0]: needs exactly one of value or hash");
    const date = validationMessage(variant((w) => (w.application.clientSecrets[0].expiresAt = "next year")));
    expect(date).toContain("application.clientSecrets[0].expiresAt: must be an ISO 8601 date-time");
  });

  it("reports an unknown directory role and a non-URL redirect URI", () => {
    const message = validationMessage(
      variant((w) => {
        w.tenants[1].users[0].directoryRoles = ["Global Admin"];
        w.application.redirectUris = ["localhost:3000/callback"];
      }),
    );
    expect(message).toContain("tenants[1].users[0].directoryRoles[0]:");
    expect(message).toContain("application.redirectUris[0]: must be an absolute http(s) URL");
  });

  it("names the file when it is not JSON, and startSimulator refuses to start", async () => {
    const file = path.join(scratch, "broken.json");
    await writeFile(file, "{ tenants: [");
    await expect(loadWorldFile(file)).rejects.toThrow(/broken\.json is invalid:\n {2}- not valid JSON/);
    const invalid = path.join(scratch, "invalid.json");
    await writeFile(invalid, JSON.stringify(variant((w) => (w.tenants[0].id = "x"))));
    await expect(startSimulator({ worldFile: invalid, port: 0, dataDir: scratch, log: false })).rejects.toThrow("tenants[0].id: must be a GUID");
  });
});
