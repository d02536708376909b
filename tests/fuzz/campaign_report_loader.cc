// Fuzz target: the campaign report loader (tools/campaign/campaign_report.h) on arbitrary bytes,
// the way `keybench campaign merge` meets them: as a file, read with read_report.
// Expected failure: ReportError (the loader names the file, JSON path and problem); any other
// exception escapes and counts as a finding.
// Oracles: a report that loads converts to JSON that loads again to the same JSON, and a merge
// of it (alone, or with itself) either succeeds or is refused with a ReportError.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "tools/campaign/campaign_report.h"
#include "tools/campaign/report_file.h"
#include "tools/campaign/report_merge.h"

namespace {

namespace campaign = kb::tools::campaign;

// The input as a file: an anonymous in-memory one (memfd), reached through /proc, so nothing is
// left behind however the fuzzer exits.
class ScratchFile {
 public:
  ScratchFile() : fd_(::memfd_create("keybench-fuzz-report", 0)) {
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  const std::string& write(const uint8_t* data, size_t size) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

void merge(const std::vector<std::pair<std::string, campaign::CampaignReport>>& reports) {
  try {
    (void)campaign::merge_reports(reports);
  } catch (const campaign::ReportError&) {
    // Refused, with the reason: what merge is for.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ScratchFile scratch;
  const std::string& path = scratch.write(data, size);
  campaign::CampaignReport report;
  try {
    report = campaign::read_report(path);
  } catch (const campaign::ReportError&) {
    return 0;
  }
  const nlohmann::json saved = campaign::to_json(report);
  if (campaign::to_json(campaign::report_from_json(saved, "<saved report>")) != saved) std::abort();
  merge({{"a.json", report}});
  merge({{"a.json", report}, {"b.json", report}});
  return 0;
}
