#!/usr/bin/env bash
# Writes docs/cli.md again from the verbs' --help (the test that checks it writes it when asked).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LABORWATCH_WRITE_DOCS=1 LABORWATCH_TEST_STORES=sqlite dotnet test tests/LaborWatch.Tests --filter "FullyQualifiedName~DocsHouseTests.The_command_reference_is_what_help_prints" -v q --nologo
echo "wrote docs/cli.md"
