# Sourced by .ci/run: reads the README's first two commands (the first ```bash block, comment
# lines skipped) into README_SETUP and README_TESTS, so CI runs exactly what a new user runs.
_quelle_readme_block=$(awk '/^```bash$/ {inside=1; next} inside && /^```/ {exit} inside' README.md \
  | grep -v '^[[:space:]]*#' | grep -v '^[[:space:]]*$')
README_SETUP=$(printf '%s\n' "$_quelle_readme_block" | sed -n 1p)
README_TESTS=$(printf '%s\n' "$_quelle_readme_block" | sed -n 2p)
if [ -z "$README_SETUP" ] || [ -z "$README_TESTS" ]; then
  echo "CI: the README does not start with a \`\`\`bash block holding the set-up and test commands" >&2
  return 1
fi
unset _quelle_readme_block
