// read_report on files that are JSON text but not JSON values nlohmann can hold (found by the
// campaign_report_loader fuzz target): the refusal is a ReportError naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tools/campaign/report_file.h"

namespace kb::tools::campaign {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

TEST(ReadReport, NumberTooLargeForADoubleIsAReportErrorNamingTheFile) {
  const std::string path = write_temp("keybench-report-read-test-1e400.json", R"({"format": 1e400})");
  try {
    (void)read_report(path);
    ADD_FAILURE() << "1e400 accepted";
  } catch (const ReportError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1e400"), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a ReportError: " << e.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace kb::tools::campaign
