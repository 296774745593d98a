"""Static files in production: compressed, with hashed names that the browser may keep forever."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# `import { a } from "./b.js";` in the tablet's modules (static/js/tablet/), to point at b's
# hashed name. Django's own option (support_js_module_import_aggregation) reads every .js file,
# vendored ones included, and stops on the imports of files it does not ship.
MODULE_IMPORT = (
    r"""(?P<matched>import(?s:(?P<import>[\s\{].*?))\s*from\s*["'](?P<url>\./.*?)["']\s*;)""",
    """import%(import)s from "%(url)s";""",
)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites the imports of the tablet's modules: otherwise a module would load the
    others under their plain names, which the tablet's service worker keeps without ever
    seeing a new version."""

    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("js/tablet/*.js", (MODULE_IMPORT,)))
