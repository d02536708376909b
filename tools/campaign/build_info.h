#pragma once
// The keybench build a campaign report comes from: shards of different builds never merge.
#include <string>

namespace kb::tools::campaign {

struct BuildInfo {
  std::string version;  // CMake PROJECT_VERSION
  std::string commit;   // `git rev-parse HEAD` of the source tree, "unknown" outside a git checkout
  bool dirty = false;   // tracked files differed from the commit when the build ran
  bool operator==(const BuildInfo&) const = default;
};

// "0.1.0 (commit 1a2b..., with local changes)".
std::string describe(const BuildInfo& build);

// This binary's build (tools/campaign/build_info.cmake writes it on every build).
const BuildInfo& build_info();

}  // namespace kb::tools::campaign
