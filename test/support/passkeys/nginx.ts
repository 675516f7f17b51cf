import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../process.js";

/** Debian's nginx, when installed (the nginx-light package has auth_request). */
export function nginxBinary(): string | undefined {
  for (const candidate of ["/usr/sbin/nginx", "nginx"]) {
    if (spawnSync(candidate, ["-v"]).status === 0) return candidate;
  }
  return undefined;
}

export interface ProxyFront {
  url: string;
  stop(): Promise<void>;
}

/**
 * nginx in front of the server: /auth/ (HTTP, the UI and the ceremonies' WebSockets) and /graphql
 * (the admin UI's graph) proxied through,
 * and /protected/ served only when `auth_request` to /auth/api/forward?perm=… answers 2xx, with
 * Remote-User and Remote-Groups passed on as response headers for the test to see.
 */
export async function startNginxFront(binary: string, upstream: string, perm: string): Promise<ProxyFront> {
  const dir = mkdtempSync(join(tmpdir(), "passkey-nginx-"));
  // Started as root, nginx's workers run as nobody: they must be able to read the page.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "html/protected"), { recursive: true });
  writeFileSync(join(dir, "html/protected/index.html"), "the protected page\n");
  const port = await freePort();
  const target = new URL(upstream).host;
  writeFileSync(
    join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
    root ${dir}/html;
    location = /_forward_auth {
      internal;
      proxy_pass http://${target}/auth/api/forward?perm=${perm};
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header Host $http_host;
    }
    location /protected/ {
      auth_request /_forward_auth;
      auth_request_set $remote_user_id $upstream_http_remote_user;
      auth_request_set $remote_groups $upstream_http_remote_groups;
      add_header X-Remote-User $remote_user_id always;
      add_header X-Remote-Groups $remote_groups always;
    }
    location = /graphql {
      proxy_pass http://${target};
      proxy_set_header Host $http_host;
    }
    location /auth/ {
      proxy_pass http://${target};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
