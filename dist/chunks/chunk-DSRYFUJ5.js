import { createRequire as __ccciRequire } from 'node:module'; const require = __ccciRequire(import.meta.url);
import {
  DockerApiError,
  UserError,
  firstErrorLine,
  run
} from "./chunk-DD73P3PF.js";

// src/backends/swarm/helper-image.ts
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, mkdirSync, copyFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
var HELPER_IMAGE = process.env.CCCI_HELPER_IMAGE || "cc-ci/helper:1";
var PULL_FALLBACK = "busybox:1.37";
async function ensureHelperImage(log) {
  if ((await run("docker", ["image", "inspect", "--format", "{{.Id}}", HELPER_IMAGE])).code === 0) return;
  const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((p) => existsSync(p) && isStaticElf(p));
  if (busybox) {
    await importBusybox(busybox);
    log(`built ${HELPER_IMAGE} from ${busybox}`);
    return;
  }
  const pulled = await run("docker", ["pull", "-q", PULL_FALLBACK]);
  if (pulled.code !== 0) {
    throw new UserError(`cannot build ${HELPER_IMAGE}: no static busybox on this host (apt-get install busybox-static) and pulling ${PULL_FALLBACK} failed: ${firstErrorLine(pulled)}`);
  }
  await mustRun(["tag", PULL_FALLBACK, HELPER_IMAGE]);
  log(`tagged ${PULL_FALLBACK} as ${HELPER_IMAGE}`);
}
async function importBusybox(busybox) {
  const root = mkdtempSync(join(tmpdir(), "cc-ci-helper-"));
  try {
    const fs = join(root, "fs");
    for (const d of ["bin", "tmp", "www", "data"]) mkdirSync(join(fs, d), { recursive: true });
    copyFileSync(busybox, join(fs, "bin/busybox"));
    const applets = (await run(busybox, ["--list"])).stdout.split("\n").filter((a) => /^[\w.[-]+$/.test(a) && a !== "busybox");
    for (const a of applets) symlinkSync("busybox", join(fs, "bin", a));
    const tar = join(root, "rootfs.tar");
    const packed = await run("tar", ["-C", fs, "-cf", tar, "."]);
    if (packed.code !== 0) throw new Error(`tar failed: ${firstErrorLine(packed)}`);
    await mustRun(["import", "-c", "ENV PATH=/bin", "-c", 'CMD ["sh"]', tar, HELPER_IMAGE]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
async function mustRun(args) {
  const r = await run("docker", args);
  if (r.code !== 0) throw new Error(`docker ${args[0]} failed: ${firstErrorLine(r)}`);
}
function isStaticElf(path) {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 2135247942 || head[4] !== 2) return false;
    const phoff = Number(head.readBigUInt64LE(32));
    const phentsize = head.readUInt16LE(54);
    const phnum = head.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}

// src/backends/swarm/setup.ts
var PROXY_NETWORK = "proxy";
async function setupSwarm(api, opts) {
  let info;
  try {
    info = await api.get("/info");
  } catch (e) {
    if (e instanceof DockerApiError) throw new UserError(`${e.message}; start dockerd (scripts/testbed.sh does it on Debian) or set DOCKER_HOST`);
    throw e;
  }
  if (info.Swarm.LocalNodeState !== "active") {
    if (!opts.initSwarm) {
      throw new UserError("this Docker host is not a swarm manager; run `docker swarm init --advertise-addr 127.0.0.1` or set the input init-swarm: true");
    }
    await api.call("POST", "/swarm/init", { body: { ListenAddr: "127.0.0.1:2377", AdvertiseAddr: "127.0.0.1" } });
    opts.log("initialised a single-node swarm on 127.0.0.1");
  } else if (!info.Swarm.ControlAvailable) {
    throw new UserError("this Docker host is a swarm worker; cc-ci needs a manager node to deploy stacks");
  }
  const nets = await api.list("networks", { name: [PROXY_NETWORK] });
  if (!nets.some((n) => n.Name === PROXY_NETWORK)) {
    await api.call("POST", "/networks/create", { body: { Name: PROXY_NETWORK, Driver: "overlay", Attachable: true, CheckDuplicate: true } });
    opts.log(`created the attachable overlay network "${PROXY_NETWORK}"`);
  }
  await ensureHelperImage(opts.log);
}

export {
  HELPER_IMAGE,
  PROXY_NETWORK,
  setupSwarm
};
