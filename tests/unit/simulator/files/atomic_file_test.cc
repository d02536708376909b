// The one writer: what a reader sees, modes, links, and what is left behind on failure.
#include "simulator/files/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/scratch_dir.h"

namespace kb::sim::files {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public kb::test::ScratchDirTest {
 protected:
  // Everything in the directory, so a stray temporary is seen.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(AtomicFileTest, NewPrivateFileIsOwnerOnly) {
  write_file_atomically(path("s.json"), "{}\n", Privacy::kPrivate);
  EXPECT_EQ(read(path("s.json")), "{}\n");
  EXPECT_EQ(mode_of(path("s.json")), 0600u);
  EXPECT_EQ(entries(), std::vector<std::string>{"s.json"});
}

// What a SIGKILL between link and rename leaves (a temporary of a writer that no longer exists)
// is removed by the next write of that file; a live writer's temporary, another file's and a
// user's look-alike stay.
TEST_F(AtomicFileTest, NextWriteRemovesTheTemporaryOfADeadWriter) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);  // reaped: its pid names no process now
  const std::string dead = ".s.json." + std::to_string(child) + ".ab12cd";
  const std::string live = ".s.json." + std::to_string(::getppid()) + ".ab12cd";
  for (const std::string& name :
       {dead, live, std::string(".t.json.") + std::to_string(child) + ".ab12cd", std::string(".s.json.backup")}) {
    std::ofstream(path(name)) << "x";
  }
  write_file_atomically(path("s.json"), "{}\n", Privacy::kPrivate);
  const std::vector<std::string> left = entries();
  EXPECT_EQ(std::count(left.begin(), left.end(), dead), 0);
  EXPECT_EQ(std::count(left.begin(), left.end(), live), 1);
  EXPECT_EQ(left.size(), 4u);  // s.json, the live writer's, the other file's, the look-alike
}

TEST_F(AtomicFileTest, NewSharedFileFollowsTheUmask) {
  mode_t old = ::umask(022);
  write_file_atomically(path("r.json"), "x", Privacy::kShared);
  ::umask(old);
  EXPECT_EQ(mode_of(path("r.json")), 0644u);
}

TEST_F(AtomicFileTest, ExistingFileKeepsItsMode) {
  write_file_atomically(path("s.json"), "old", Privacy::kShared);
  ::chmod(path("s.json").c_str(), 0640);
  write_file_atomically(path("s.json"), "new", Privacy::kPrivate);
  EXPECT_EQ(read(path("s.json")), "new");
  EXPECT_EQ(mode_of(path("s.json")), 0640u);
}

TEST_F(AtomicFileTest, SymlinkStaysALinkAndItsTargetIsReplaced) {
  fs::create_directories(dir_ / "real");
  write_file_atomically(path("real/s.json"), "old", Privacy::kPrivate);
  fs::create_symlink("real/s.json", dir_ / "link.json");
  write_file_atomically(path("link.json"), "new", Privacy::kPrivate);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(read(path("real/s.json")), "new");
  EXPECT_EQ(mode_of(path("real/s.json")), 0600u);
}

TEST_F(AtomicFileTest, DanglingSymlinkCreatesItsTarget) {
  fs::create_symlink("later.json", dir_ / "link.json");
  write_file_atomically(path("link.json"), "made", Privacy::kPrivate);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_EQ(read(path("later.json")), "made");
}

TEST_F(AtomicFileTest, HardLinkedFileIsRefusedAndUntouched) {
  write_file_atomically(path("a.json"), "old", Privacy::kPrivate);
  fs::create_hard_link(dir_ / "a.json", dir_ / "b.json");
  EXPECT_THROW(check_writable(path("a.json")), FileError);
  try {
    write_file_atomically(path("a.json"), "new", Privacy::kPrivate);
    FAIL() << "a hard-linked file was replaced";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("2 hard links"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(path("b.json")), "old");
  EXPECT_EQ(entries(), (std::vector<std::string>{"a.json", "b.json"}));
}

TEST_F(AtomicFileTest, EmptyPathAndDirectoryAreRefusedWithoutLeavingAnything) {
  EXPECT_THROW(write_file_atomically("", "x", Privacy::kPrivate), FileError);
  fs::create_directories(dir_ / "d");
  try {
    write_file_atomically(path("d"), "x", Privacy::kPrivate);
    FAIL() << "a directory was replaced";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(), std::vector<std::string>{"d"});
  EXPECT_TRUE(fs::is_empty(dir_ / "d"));
}

TEST_F(AtomicFileTest, MissingDirectoryIsNamedWithTheOsError) {
  try {
    check_writable(path("nodir/s.json"));
    FAIL() << "a path in a missing directory was accepted";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_file_atomically(path("nodir/s.json"), "x", Privacy::kPrivate), FileError);
}

TEST_F(AtomicFileTest, FailedWriteKeepsTheOldFileAndLeavesNoTemporary) {
  // A file-size limit makes write() fail part way (EFBIG) as a full disk does (ENOSPC), for any
  // user; SIGXFSZ is ignored so the failure comes back as an error.
  write_file_atomically(path("s.json"), "old", Privacy::kPrivate);
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string error;
  try {
    write_file_atomically(path("s.json"), std::string(64 * 1024, 'x'), Privacy::kPrivate);
  } catch (const FileError& e) {
    error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(error.find("cannot write: File too large"), std::string::npos) << error;
  EXPECT_EQ(read(path("s.json")), "old");
  EXPECT_EQ(entries(), std::vector<std::string>{"s.json"});
}

}  // namespace
}  // namespace kb::sim::files
