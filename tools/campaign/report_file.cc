#include "tools/campaign/report_file.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <filesystem>

#include "simulator/files/atomic_file.h"
#include "simulator/files/input_file.h"
#include "simulator/fixture/strict_json.h"

namespace kb::tools::campaign {

namespace {

namespace files = kb::sim::files;

timespec now_realtime() {
  timespec t{};
  clock_gettime(CLOCK_REALTIME, &t);
  return t;
}

// When this process started, near enough: static initialisation runs before main.
const timespec kProcessStart = now_realtime();

bool before(const timespec& a, const timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

}  // namespace

CampaignReport read_report(const std::string& path) {
  std::string text;
  try {
    text = files::read_input_file(path);
  } catch (const files::InputError& e) {
    throw ReportError(e.what());
  }
  nlohmann::json j;
  try {
    j = kb::sim::parse_json_strict(text, path);
  } catch (const kb::sim::FixtureError& e) {
    throw ReportError(e.what());
  }
  return report_from_json(j, path);
}

std::string report_bytes(const CampaignReport& report) {
  return to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

size_t remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(files::resolve_target(path));
  // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for "." + std::string(...).
  std::string prefix(1, '.');
  prefix += target.filename().string();
  prefix += '.';
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  size_t removed = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() != prefix.size() + 6 || name.compare(0, prefix.size(), prefix) != 0) continue;
    struct stat st;
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (!before(st.st_mtim, kProcessStart)) continue;
    if (::unlink(it->path().c_str()) == 0) ++removed;
  }
  return removed;
}

void write_report(const CampaignReport& report, const std::string& path) {
  const std::string bytes = report_bytes(report);
  remove_stale_temporaries(path);
  // The writer holds back ^C and kill until the rename is done.
  files::write_file_atomically(path, bytes, files::Privacy::kShared);
}

}  // namespace kb::tools::campaign
