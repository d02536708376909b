// One run at a time per state file: a second one waits, or fails at once naming the holder.
#include "simulator/files/file_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/scratch_dir.h"

namespace kb::sim::files {
namespace {

namespace fs = std::filesystem;

using FileLockTest = kb::test::ScratchDirTest;

TEST_F(FileLockTest, SecondHolderFailsAtOnceNamingTheFirst) {
  FileLock first(path("s.json"), FileLock::Wait::kFailAtOnce, "keybench run wrapped-cmac");
  try {
    FileLock second(path("s.json"), FileLock::Wait::kFailAtOnce, "keybench run wrapped-ccm");
    FAIL() << "two holders at once";
  } catch (const FileError& e) {
    std::string expected = "in use by pid " + std::to_string(::getpid()) + ": keybench run wrapped-cmac";
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

TEST_F(FileLockTest, SymlinkAndTargetShareOneLock) {
  fs::create_symlink("s.json", dir_ / "link.json");
  FileLock first(path("s.json"), FileLock::Wait::kFailAtOnce, "a");
  EXPECT_THROW(FileLock(path("link.json"), FileLock::Wait::kFailAtOnce, "b"), FileError);
}

TEST_F(FileLockTest, WaiterIsToldOnceAndGetsTheLockWhenReleased) {
  auto first = std::make_unique<FileLock>(path("s.json"), FileLock::Wait::kFailAtOnce, "first");
  std::atomic<int> told{0};
  std::atomic<bool> got{false};
  std::string holder_seen;
  std::thread waiter([&] {
    FileLock second(path("s.json"), FileLock::Wait::kBlock, "second", [&](const std::string& holder) {
      holder_seen = holder;
      ++told;
    });
    got = true;
  });
  while (told.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FALSE(got.load());
  first.reset();
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_EQ(told.load(), 1);
  EXPECT_EQ(holder_seen, "pid " + std::to_string(::getpid()) + ": first");
}

TEST_F(FileLockTest, ReleasedLockCanBeTakenAgain) {
  { FileLock a(path("s.json"), FileLock::Wait::kFailAtOnce, "a"); }
  EXPECT_NO_THROW(FileLock(path("s.json"), FileLock::Wait::kFailAtOnce, "b"));
}

}  // namespace
}  // namespace kb::sim::files
