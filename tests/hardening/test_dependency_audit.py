"""pip-audit over PicProof's runtime dependencies (what the installer ships), failing on a known
vulnerability in any of them.

The set audited is the installed closure of ``picproof``'s own requirements (no test or developer
tools), pinned at the versions this environment runs. The advisories come from PyPI's JSON API.
Where that is unreachable or carries no advisory data (a mirror), the test is skipped with a
message saying how many dependencies could not be audited: never a silent pass.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement


def runtime_requirements(root: str = "picproof") -> dict[str, str]:
    """name -> installed version for everything ``root`` needs at run time."""
    found: dict[str, str] = {}
    stack = [root]
    while stack:
        name = stack.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # an optional or platform-only requirement not installed here
        found[key] = dist.version
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                stack.append(req.name)
    found.pop(root, None)
    return found


def audit(requirements: dict[str, str], folder: Path) -> dict[str, object]:
    reqs = folder / "runtime-requirements.txt"
    reqs.write_text("".join(f"{k}=={v}\n" for k, v in sorted(requirements.items())))
    cmd = [sys.executable, "-m", "pip_audit", "-s", "pypi", "--no-deps", "--disable-pip"]
    cmd += ["-r", str(reqs), "-f", "json", "--progress-spinner", "off"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    try:
        return dict(json.loads(done.stdout))
    except json.JSONDecodeError:
        return {"error": (done.stderr or done.stdout)[-600:]}


def test_no_known_vulnerability_in_runtime_dependencies(tmp_path: Path) -> None:
    pytest.importorskip("pip_audit", reason="pip-audit is installed by the test extras")
    requirements = runtime_requirements()
    assert len(requirements) >= 15, requirements  # the closure was really walked
    result = audit(requirements, tmp_path)
    if "error" in result:
        pytest.skip(f"pip-audit could not reach PyPI's advisory data: {result['error']}")
    deps = result.get("dependencies", [])
    assert isinstance(deps, list)
    vulnerable = [
        f"{d['name']} {d['version']}: " + ", ".join(v["id"] for v in d["vulns"])
        for d in deps
        if d.get("vulns")
    ]
    assert not vulnerable, "known vulnerabilities in runtime dependencies: " + "; ".join(vulnerable)
    not_audited = [d["name"] for d in deps if d.get("skip_reason")]
    print(f"pip-audit: {len(deps) - len(not_audited)} of {len(deps)} runtime dependencies audited")
    if len(not_audited) > len(deps) // 2:
        pytest.skip(
            f"PyPI's advisory data is not available from this machine (a package mirror?): "
            f"{len(not_audited)} of {len(deps)} runtime dependencies could not be audited, "
            f"e.g. {', '.join(not_audited[:3])}"
        )
