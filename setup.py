"""Install the addon into the ``odoo.addons`` namespace of the Python that runs Odoo.

    python -m pip install .

The repository root is the addon; the development harness (dev/, Makefile)
is not installed.
"""

import ast
import os

from setuptools import setup
from setuptools.command.build_py import build_py

ADDON = "auth_rest_session"
PACKAGE = "odoo.addons." + ADDON
HERE = os.path.dirname(os.path.abspath(__file__))
SUBPACKAGES = ["controllers", "models", "tests"]
DATA_FOLDERS = ["static", "readme", "i18n", "security"]


def manifest():
    with open(os.path.join(HERE, "__manifest__.py"), encoding="utf-8") as source:
        return ast.literal_eval(source.read())


def data_files_of(folder):
    found = []
    for parent, _dirs, files in os.walk(os.path.join(HERE, folder)):
        relative = os.path.relpath(parent, HERE)
        found += [os.path.join(relative, name) for name in files]
    return found


class BuildAddon(build_py):
    """The addon's root holds setup.py itself: leave it out of the package."""

    def find_package_modules(self, package, package_dir):
        modules = super().find_package_modules(package, package_dir)
        return [module for module in modules if not (package == PACKAGE and module[1] == "setup")]


info = manifest()
setup(
    name="odoo-addon-" + ADDON,
    version=info["version"],
    description=info["summary"],
    long_description=open(os.path.join(HERE, "README.rst"), encoding="utf-8").read(),
    long_description_content_type="text/x-rst",
    license="LGPL-3.0-or-later",
    author=info["author"],
    url=info["website"],
    packages=[PACKAGE] + ["%s.%s" % (PACKAGE, sub) for sub in SUBPACKAGES],
    package_dir={PACKAGE: "."},
    package_data={PACKAGE: [f for folder in DATA_FOLDERS for f in data_files_of(folder)]},
    cmdclass={"build_py": BuildAddon},
    python_requires=">=3.6",
    classifiers=[
        "Framework :: Odoo",
        "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)",
        "Programming Language :: Python :: 3",
    ],
    zip_safe=False,
)
