#include "tools/campaign/report_file.h"

#include "simulator/files/atomic_file.h"
#include "simulator/files/input_file.h"
#include "simulator/fixture/strict_json.h"

namespace kb::tools::campaign {

namespace files = kb::sim::files;

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

void write_report(const CampaignReport& report, const std::string& path) {
  const std::string bytes = report_bytes(report);
  // The writer holds back ^C and kill until the rename is done, and removes what a SIGKILL left.
  files::write_file_atomically(path, bytes, files::Privacy::kShared);
}

}  // namespace kb::tools::campaign
