// `keybench campaign --report R` killed at random moments (SIGKILL or SIGINT): R is the previous report
// or the new one, whole and valid; an interrupt leaves no temporary beside it, and a temporary a
// SIGKILL left is gone after the next campaign writes R.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_paths.h"
#include "tools/campaign/report_file.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

constexpr int kRuns = 30;

std::vector<fs::path> temporaries(const fs::path& dir, const std::string& name) {
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("." + name + ".", 0) == 0) found.push_back(e.path());
  }
  return found;
}

std::string contents(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

pid_t start_campaign(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

TEST(ReportKill, KilledCampaignsLeaveTheOldReportOrANewWholeOne) {
  const fs::path dir = fs::temp_directory_path() / "keybench-report-kill";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path report = dir / "r.json";
  const std::vector<std::string> args = {KEYBENCH_CLI, "campaign", "host-key-provisioning", "--sweep",
                                         "bus",        "--report", report.string()};
  // How long a whole run takes here, to spread the kills over it and a little beyond.
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = start_campaign(args);
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const auto whole_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  const std::string first = contents(report);
  ASSERT_NO_THROW(kb::tools::campaign::read_report(report.string()));

  std::mt19937 rng(20240601);
  std::uniform_int_distribution<long> when(0, whole_us + whole_us / 4);
  int finished = 0, killed = 0, stale_seen = 0;
  for (int i = 0; i < kRuns; ++i) {
    const std::string before = fs::exists(report) ? contents(report) : std::string();
    const auto earlier = temporaries(dir, "r.json");
    const bool hard = i % 2 == 0;
    pid = start_campaign(args);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::microseconds(when(rng)));
    kill(pid, hard ? SIGKILL : SIGINT);
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    (WIFSIGNALED(status) ? killed : finished)++;

    ASSERT_TRUE(fs::exists(report)) << "run " << i << ": the previous report is gone";
    const std::string now = contents(report);
    EXPECT_NO_THROW(kb::tools::campaign::read_report(report.string())) << "run " << i << ": " << now.size() << " bytes";
    EXPECT_TRUE(now == before || now == first) << "run " << i << ": neither the old report nor a whole new one";
    // Earlier SIGKILLs' temporaries stay until a run gets as far as writing.
    std::vector<fs::path> left;
    for (const auto& t : temporaries(dir, "r.json")) {
      if (std::find(earlier.begin(), earlier.end(), t) == earlier.end()) left.push_back(t);
    }
    if (!hard) {
      EXPECT_TRUE(left.empty()) << "run " << i << ": SIGINT left " << left.front();
    } else if (!left.empty()) {
      ++stale_seen;
    }
  }
  // A SIGKILL between the temporary's creation and the rename can leave one; plant one to be sure
  // the next write removes it either way.
  const pid_t gone = fork();
  ASSERT_GE(gone, 0);
  if (gone == 0) _exit(0);
  ASSERT_EQ(waitpid(gone, &status, 0), gone);  // reaped: a writer that no longer exists
  const fs::path planted = dir / (".r.json." + std::to_string(gone) + ".abc123");
  std::ofstream(planted) << "{\"partial\":";
  pid = start_campaign(args);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(temporaries(dir, "r.json").empty()) << "stale temporaries survived a write";
  EXPECT_EQ(contents(report), first);
  std::cout << kRuns << " runs: " << killed << " killed, " << finished << " finished first; " << stale_seen
            << " SIGKILL(s) left a temporary (whole run " << whole_us << " us)\n";
  fs::remove_all(dir);
}

}  // namespace
