// Fuzz target: the campaign report loader (tools/campaign/campaign_report.h) on arbitrary bytes,
// the way `keybench campaign merge` meets them: written to a file and read back with read_report.
// Expected failure: ReportError (the loader names the file, JSON path and problem); any other
// exception escapes and counts as a finding.
// Oracles: a report that loads converts to JSON that loads again to the same JSON, and a merge
// of it (alone, or with itself) either succeeds or is refused with a ReportError.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tools/campaign/campaign_report.h"

namespace {

namespace campaign = kb::tools::campaign;

// One scratch file per process, removed at exit.
const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string p = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/keybench-fuzz-report-" +
                    std::to_string(::getpid()) + ".json";
    std::atexit([] { std::remove(scratch_path().c_str()); });
    return p;
  }();
  return path;
}

void merge(const std::vector<std::pair<std::string, campaign::CampaignReport>>& reports) {
  try {
    (void)campaign::merge_reports(reports);
  } catch (const campaign::ReportError&) {
    // Refused, with the reason: what merge is for.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(scratch_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) std::abort();
  }
  campaign::CampaignReport report;
  try {
    report = campaign::read_report(scratch_path());
  } catch (const campaign::ReportError&) {
    return 0;
  }
  const nlohmann::json saved = campaign::to_json(report);
  if (campaign::to_json(campaign::report_from_json(saved, "<saved report>")) != saved) std::abort();
  merge({{"a.json", report}});
  merge({{"a.json", report}, {"b.json", report}});
  return 0;
}
