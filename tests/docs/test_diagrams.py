"""Every Mermaid diagram in docs/ renders: each page is rendered as a Markdown viewer would, opened
in Debian's Chromium with Mermaid's own script (the pinned npm package), and every diagram must
parse and draw without a syntax error.

Mermaid is installed here on first use from tests/docs/package-lock.json (`npm ci --ignore-scripts`,
so no tool downloads a browser) into the git-ignored tests/docs/node_modules. Without Node, npm or
the registry the test is skipped locally and fails when CI=true, like every service test.
"""

import fcntl
import html
import json
import os
import shutil
import subprocess

import pytest
from markdown_it import MarkdownIt

from tests.fixtures.live import ARTIFACTS, CHROMIUM_ARGS
from tests.services import CHROMIUM, in_ci

from .markdown import DOCS, ROOT, mermaid_blocks

HERE = ROOT / "tests" / "docs"
MERMAID_JS = HERE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
PAGES = sorted(DOCS.glob("*.md"))

pytestmark = pytest.mark.browser


def _pinned_version() -> str:
    return json.loads((HERE / "package.json").read_text())["dependencies"]["mermaid"]


def _installed_version() -> str | None:
    package = HERE / "node_modules" / "mermaid" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() and MERMAID_JS.exists() else None


def _unavailable(reason: str):
    if in_ci():
        pytest.fail(f"CI needs Mermaid to check the docs' diagrams: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def mermaid_js():
    """Mermaid's browser bundle at the version pinned in package-lock.json, installed once per machine."""
    with open(HERE / ".install.lock", "w") as lock:  # pytest-xdist workers install one at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() != _pinned_version():
            npm = shutil.which("npm")
            if npm is None:
                _unavailable("npm is not installed (Node 20 with npm)")
            env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
            result = subprocess.run(
                [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=HERE,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if result.returncode != 0 or _installed_version() != _pinned_version():
                _unavailable(f"npm ci in tests/docs failed: {result.stderr.strip()[-500:]}")
    return MERMAID_JS


def _viewer_html(page) -> str:
    """The page as a Markdown viewer shows it, with Mermaid code blocks left for Mermaid to draw."""
    markdown = MarkdownIt("commonmark").enable("table")
    default_fence = markdown.renderer.rules["fence"]

    def fence(renderer, tokens, index, options, env):
        token = tokens[index]
        if token.info.strip() == "mermaid":
            return f'<pre class="mermaid">{html.escape(token.content)}</pre>\n'
        return default_fence(tokens, index, options, env)

    markdown.add_render_rule("fence", fence)
    body = markdown.render(page.read_text(encoding="utf-8"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{page.name}</title></head><body>{body}</body></html>"
    )


# Each block is parsed (Mermaid's own parser: syntax errors) then drawn (errors in layout and
# rendering), one at a time, so a failure names the diagram it comes from.
RENDER_ALL = """
async () => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  const results = [];
  const blocks = [...document.querySelectorAll("pre.mermaid")];
  for (const [index, block] of blocks.entries()) {
    const source = block.textContent;
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render(`diagram-${index}`, source);
      block.outerHTML = `<div class="diagram">${svg}</div>`;
      results.push({ index, ok: !/Syntax error/i.test(svg), error: "" });
    } catch (error) {
      results.push({ index, ok: false, error: String(error && error.message || error) });
    }
  }
  return results;
}
"""


def test_the_docs_have_diagrams():
    with_diagrams = {page.name for page in PAGES if mermaid_blocks(page)}
    assert {"use-cases.md", "er-diagram.md", "architecture.md"} <= with_diagrams


@pytest.fixture(scope="module")
def mermaid_tab(mermaid_js):
    """One Chromium tab with Mermaid's script loaded, shared by this module's tests.

    Module-scoped, so Playwright's event loop is gone before any other module's tests use the ORM.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            # Nothing leaves the machine: the pages and Mermaid's script are local.
            context.route("**/*", lambda route: route.abort())
            tab = context.new_page()
            tab.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
            tab.add_script_tag(path=str(mermaid_js))
            yield tab
        finally:
            browser.close()


def render_diagrams(tab, page, screenshot_name: str) -> list[str]:
    """Show the page as rendered Markdown, let Mermaid draw it; what went wrong, one line per diagram."""
    blocks = mermaid_blocks(page)
    page_errors = []

    def on_error(error):
        page_errors.append(f"{page.name}: {error}")

    tab.on("pageerror", on_error)
    try:
        tab.evaluate(
            "([title, body]) => { document.title = title; document.body.innerHTML = body; }",
            [page.name, _viewer_html(page)],
        )
        results = tab.evaluate(RENDER_ALL)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"docs-{screenshot_name}.png"), full_page=True)
    finally:
        tab.remove_listener("pageerror", on_error)
    assert len(results) == len(blocks), "a Mermaid block of the Markdown did not reach the page"
    failures = []
    for result in results:
        if not result["ok"]:
            first_line = blocks[result["index"]].splitlines()[0]
            failures.append(
                f"{page.name}, diagram {result['index'] + 1} ({first_line!r}): {result['error'] or 'drew an error'}"
            )
    return failures + page_errors


@pytest.mark.parametrize("page", [page for page in PAGES if mermaid_blocks(page)], ids=lambda page: page.name)
def test_every_diagram_renders_with_mermaid(page, mermaid_tab):
    failures = render_diagrams(mermaid_tab, page, page.stem)
    assert failures == [], "Mermaid cannot render:\n" + "\n".join(failures)


def test_a_diagram_with_a_syntax_error_is_caught(tmp_path, mermaid_tab):
    page = tmp_path / "broken.md"
    page.write_text(
        "# Broken\n\n```mermaid\nflowchart LR\n    a --> b\n```\n\n"
        "```mermaid\nerDiagram\n    Order ||--o{ OrderLine\n    Order {\n        int id PK PK PK\n```\n"
    )
    failures = render_diagrams(mermaid_tab, page, "broken-example")
    assert len(failures) == 1
    assert "diagram 2 ('erDiagram')" in failures[0]
