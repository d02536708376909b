#include "tools/campaign/build_info.h"

namespace kb::tools::campaign {

std::string describe(const BuildInfo& build) {
  return build.version + " (commit " + build.commit + (build.dirty ? ", with local changes" : "") + ")";
}

}  // namespace kb::tools::campaign
