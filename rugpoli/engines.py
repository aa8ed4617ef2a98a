"""Throwaway PostgreSQL and Redis servers on loopback, from the Debian packages, for the
scale-out test and benchmarks. Each lives in a folder of its own and is gone when stopped."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from rugpoli.local_service import free_port


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def available() -> list[str]:
    """Names of the engines that are missing on this machine."""
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def _as_owner(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, with Debian's postgres user.
    return ["runuser", "-u", "postgres", "--"] + command if os.geteuid() == 0 else command


class Postgres:
    def __init__(self, folder: Path | None = None) -> None:
        # As root the server runs as Debian's postgres user, who cannot enter root's private
        # temporary folders (pytest's among them), so it gets a folder of its own under /tmp.
        self.folder = Path(tempfile.mkdtemp(prefix="rugpoli-postgres-")) if folder is None else folder
        self.port = free_port()
        self.user, self.password, self.database = "rugpoli", "rugpoli-test", "rugpoli"
        self.data = self.folder / "pgdata"

    def start(self) -> None:
        binaries = postgres_bin()
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        def run(*command: str) -> None:
            result = subprocess.run(_as_owner(list(command)), capture_output=True, text=True)
            if result.returncode:
                raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")
        run(str(binaries / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        run(str(binaries / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "-w", "start")
        self.sql(f"CREATE USER {self.user} PASSWORD '{self.password}'")
        self.sql(f"CREATE DATABASE {self.database} OWNER {self.user}")

    def sql(self, statement: str, database: str = "postgres") -> str:
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
             "-At", "-c", statement], check=True, capture_output=True, text=True)
        return result.stdout

    def stop(self) -> None:
        binaries = postgres_bin()
        subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                                  "stop"]), capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def environment(self) -> dict[str, str]:
        return {"POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": str(self.port),
                "POSTGRES_DB": self.database, "POSTGRES_USER": self.user,
                "POSTGRES_PASSWORD": self.password}


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=(self.folder / "redis.log").open("w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.2)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def environment(self) -> dict[str, str]:
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port), "REDIS_PASSWORD": "",
                "REDIS_DB": "0"}
