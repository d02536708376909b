// State files as a careless or hostile user treats them: modes, links, missing directories, two
// processes at once, kills at random points, a reader that goes away.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "simulator/files/file_lock.h"
#include "tests/flows/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_paths.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using kb::test::run_keybench;
using ::testing::HasSubstr;
using ::testing::Not;

class StateFileCli : public kb::test::ScratchDirTest {
 protected:
  // The STSAFE's random_counter in a saved state: it advances with every random number the chip
  // hands out, so lost updates show as a counter that is too low.
  static uint64_t random_counter(const std::string& p) {
    nlohmann::json j = nlohmann::json::parse(read(p));
    for (const auto& d : j.at("devices")) {
      if (d.at("name") == "stsafe") return d.at("state").at("random_counter").get<uint64_t>();
    }
    ADD_FAILURE() << "no stsafe in " << p;
    return 0;
  }
  // Names in the directory other than the state file and its lock: temporaries left behind.
  std::vector<std::string> strays(const std::string& state_name) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      std::string n = e.path().filename().string();
      if (n != state_name && n != state_name + ".lock") out.push_back(n);
    }
    return out;
  }
};

TEST_F(StateFileCli, NewStateFileIsPrivate) {
  ASSERT_EQ(run_keybench("run host-key-provisioning --state " + path("s.json")).exit_code, 0);
  EXPECT_EQ(mode_of(path("s.json")), 0600u);
}

TEST_F(StateFileCli, ExistingStateFileKeepsItsMode) {
  ASSERT_EQ(run_keybench("run host-key-provisioning --state " + path("s.json")).exit_code, 0);
  ASSERT_EQ(::chmod(path("s.json").c_str(), 0640), 0);
  ASSERT_EQ(run_keybench("run host-key-provisioning --state " + path("s.json")).exit_code, 0);
  EXPECT_EQ(mode_of(path("s.json")), 0640u);
}

TEST_F(StateFileCli, SymlinkedStateFileUpdatesItsTarget) {
  fs::create_directories(dir_ / "real");
  fs::create_symlink("real/s.json", dir_ / "link.json");
  auto first = run_keybench("run host-key-provisioning --state " + path("link.json"));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  ASSERT_TRUE(fs::is_regular_file(dir_ / "real/s.json"));
  auto second = run_keybench("run host-key-provisioning --state " + path("link.json"));
  EXPECT_THAT(second.out, HasSubstr("already set"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
}

TEST_F(StateFileCli, HardLinkedStateFileIsRefusedBeforeTheRun) {
  ASSERT_EQ(run_keybench("run host-key-provisioning --state " + path("a.json")).exit_code, 0);
  fs::create_hard_link(dir_ / "a.json", dir_ / "b.json");
  std::string before = read(path("a.json"));
  auto o = run_keybench("run wrapped-cmac --state " + path("a.json"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("hard links"));
  EXPECT_THAT(o.out, Not(HasSubstr("[keybench]")));
  EXPECT_EQ(read(path("b.json")), before);
}

TEST_F(StateFileCli, MissingDirectoryFailsBeforeAnyWorkNamingTheOsError) {
  auto o = run_keybench("run host-key-provisioning --state " + path("nodir/s.json"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("No such file or directory"));
  // The flow never started: no banner, no verdict.
  EXPECT_THAT(o.out, Not(HasSubstr("stse_host_key_provisioning")));
  EXPECT_THAT(o.out, Not(HasSubstr("[keybench]")));
}

TEST_F(StateFileCli, DirectoryAsStateFileIsRefusedBeforeAnyWork) {
  auto o = run_keybench("run host-key-provisioning --state " + dir_.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("is a directory"));
  EXPECT_THAT(o.out, Not(HasSubstr("[keybench]")));
}

TEST_F(StateFileCli, NoWaitFailsAtOnceNamingTheHolder) {
  kb::sim::files::FileLock held(path("s.json"), kb::sim::files::FileLock::Wait::kFailAtOnce, "the test's holder");
  auto o = run_keybench("run host-key-provisioning --no-wait --state " + path("s.json"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.out, HasSubstr("in use by pid " + std::to_string(::getpid()) + ": the test's holder"));
  EXPECT_FALSE(fs::exists(path("s.json")));
}

TEST_F(StateFileCli, SecondRunWaitsForTheFirstAndSaysSo) {
  auto held = std::make_unique<kb::sim::files::FileLock>(path("s.json"), kb::sim::files::FileLock::Wait::kFailAtOnce,
                                                         "the test's holder");
  // The lock is released only once the run has said it waits, however slowly it starts.
  const std::string cmd =
      std::string(KEYBENCH_CLI) + " run host-key-provisioning --state " + path("s.json") + " 2>&1 </dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char line[4096];
  while (std::fgets(line, sizeof line, p) != nullptr) {
    out += line;
    if (held && out.find("waiting for") != std::string::npos) held.reset();
  }
  const int status = pclose(p);
  EXPECT_EQ(held, nullptr) << "the run never said it was waiting: " << out;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  EXPECT_THAT(out, HasSubstr("waiting for " + path("s.json") + " (in use by pid " + std::to_string(::getpid()) +
                             ": the test's holder)"));
  EXPECT_THAT(out, HasSubstr("PASS"));
}

TEST_F(StateFileCli, TwoProcessesOnOneStateFileLoseNoUpdate) {
  const std::string s = path("s.json");
  const std::string run = "run wrapped-cmac --state " + s;
  ASSERT_EQ(run_keybench(run).exit_code, 0);
  uint64_t c1 = random_counter(s);
  ASSERT_EQ(run_keybench(run).exit_code, 0);
  uint64_t per_run = random_counter(s) - c1;
  ASSERT_GT(per_run, 0u) << "the flow draws no random numbers: the counter cannot show lost updates";
  const uint64_t start = random_counter(s);

  constexpr int kRunsEach = 12;
  std::atomic<int> failed{0};
  auto loop = [&] {
    for (int i = 0; i < kRunsEach; ++i) {
      if (run_keybench(run, false).exit_code != 0) ++failed;
    }
  };
  std::thread a(loop), b(loop);
  a.join();
  b.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(random_counter(s), start + 2 * kRunsEach * per_run);
  EXPECT_TRUE(strays("s.json").empty());
}

TEST_F(StateFileCli, KillAtRandomPointsLeavesTheOldOrTheNewState) {
  const std::string s = path("s.json");
  const std::string cli = KEYBENCH_CLI;
  auto spawn = [&] {
    const char* argv[] = {cli.c_str(), "run", "wrapped-cmac", "--state", s.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, cli.c_str(), &actions, nullptr, const_cast<char**>(argv), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  };
  // How long a whole run takes here, so the kills land across all of it.
  auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  waitpid(spawn(), &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const auto run_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();

  std::mt19937 rng(20261202);
  std::uniform_int_distribution<long> delay(0, run_us + run_us / 4);
  int completed = 0;
  for (int i = 0; i < 30; ++i) {
    const int sig = i % 2 == 0 ? SIGKILL : SIGINT;
    pid_t pid = spawn();
    std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
    ::kill(pid, sig);
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ++completed;
    const std::string after = read(s);
    // Whole JSON that loads, either what was there or a complete new state.
    ASSERT_TRUE(nlohmann::json::accept(after)) << "kill " << i << " (signal " << sig << ") tore the state";
    EXPECT_EQ(nlohmann::json::parse(after).at("format"), "keybench-state/1");
    // SIGINT is deferred past the rename; SIGKILL between link and rename leaves a temporary,
    // which the next completed save removes (checked below).
  }
  // The state still drives a run, and its save removes what a SIGKILL left.
  auto o = run_keybench("run wrapped-cmac --state " + s);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_TRUE(strays("s.json").empty()) << strays("s.json").front();
  RecordProperty("runs_completed_before_the_kill", completed);
}

TEST_F(StateFileCli, ClosedStdoutDoesNotStopTheRunOrItsSave) {
  const std::string s = path("s.json");
  // The reader closes its end at once: every write to stdout fails with EPIPE.
  std::string cmd = "bash -c '" + std::string(KEYBENCH_CLI) + " run host-key-provisioning --state " + s + " 2>" +
                    path("err.txt") + " | (exec 0<&-; sleep 0.2); echo ${PIPESTATUS[0]}'";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[64] = {};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  EXPECT_EQ(std::string(buf, n), "0\n");
  ASSERT_TRUE(fs::exists(s));
  EXPECT_TRUE(nlohmann::json::accept(read(s)));
  EXPECT_THAT(read(path("err.txt")), HasSubstr("standard output was closed"));
}

TEST_F(StateFileCli, RunAllWithOneStateFileIsRefusedUpFront) {
  auto o = run_keybench("run all --state " + path("s.json"));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("--state holds one bench"));
  EXPECT_THAT(o.out, HasSubstr("nrf5340-assembly.json"));
  EXPECT_FALSE(fs::exists(path("s.json")));
  auto j = run_keybench("run all --json --state " + path("s.json"), false);
  EXPECT_EQ(j.exit_code, 2);
  nlohmann::json parsed = nlohmann::json::parse(j.out);
  EXPECT_EQ(parsed.at("result"), "error");
  EXPECT_THAT(parsed.at("reason").get<std::string>(), HasSubstr("--state holds one bench"));
}

TEST_F(StateFileCli, RunAllOnOneBenchSharesTheStateFile) {
  // Every flow on one nRF bench: the STSAFE and ATECC flows fail (no such chip there), and say so, but the
  // state file is one bench's, saved by each flow in turn.
  auto o = run_keybench("run all --json --target sim:" + std::string(KEYBENCH_SOURCE_DIR) +
                            "/fixtures/benches/nrf5340-assembly.json --state " + path("s.json"),
                        false);
  EXPECT_EQ(o.exit_code, 1);
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j.at("result"), "fail");
  // One result per flow `keybench list` names (the flow lines are indented by two spaces).
  const std::string list = run_keybench("list", false).out;
  size_t flows = 0;
  for (size_t at = list.find("\n  "); at != std::string::npos && at < list.find("\nbenches");
       at = list.find("\n  ", at + 1)) {
    if (list.compare(at + 3, 1, " ") != 0) ++flows;
  }
  EXPECT_GE(flows, 10u);
  EXPECT_EQ(j.at("results").size(), flows);
  EXPECT_TRUE(fs::exists(path("s.json")));
}

}  // namespace
