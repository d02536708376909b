#pragma once
// Runs the keybench command line (KEYBENCH_CLI, set by tests/CMakeLists.txt) the way a user's shell
// would, for the tests that check its output and exit status.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "tests/test_paths.h"

namespace kb::test {

struct CliOutcome {
  int exit_code = -1;
  std::string out;
};

// stderr_too: stdout and stderr together; otherwise stdout only (stderr dropped). stdin is empty so a
// prompt never waits.
inline CliOutcome run_keybench(const std::string& args, bool stderr_too = true) {
  std::string cmd = std::string(KEYBENCH_CLI) + " " + args + (stderr_too ? " 2>&1" : " 2>/dev/null") + " </dev/null";
  CliOutcome o;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return o;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  int status = pclose(p);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

}  // namespace kb::test
