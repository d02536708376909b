// Inputs refused by type and size before anything blocks or allocates without bound.
#include "simulator/files/input_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "simulator/fixture/json_view.h"
#include "tests/scratch_dir.h"

namespace kb::sim::files {
namespace {

namespace fs = std::filesystem;

class InputFileTest : public kb::test::ScratchDirTest {
 protected:
  static std::string problem_of(const std::string& p, size_t limit = kMaxInputBytes) {
    try {
      read_input_file(p, limit);
    } catch (const InputError& e) {
      return e.problem();
    }
    return "accepted";
  }
};

TEST_F(InputFileTest, RegularFileIsReadWhole) {
  std::ofstream(path("a.json")) << "{\"x\": 1}";
  EXPECT_EQ(read_input_file(path("a.json")), "{\"x\": 1}");
}

TEST_F(InputFileTest, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
  EXPECT_EQ(problem_of(path("pipe")), "is a FIFO, not a regular file");
}

TEST_F(InputFileTest, DirectoryIsRefusedByType) {
  EXPECT_EQ(problem_of(dir_.string()), "is a directory, not a file");
}

TEST_F(InputFileTest, DeviceIsRefusedBeforeReading) {
  EXPECT_EQ(problem_of("/dev/zero"), "is a device, not a regular file");
}

TEST_F(InputFileTest, FileAboveTheLimitIsRefusedBeforeParsing) {
  std::ofstream(path("big.json")) << std::string(2048, ' ');
  EXPECT_EQ(problem_of(path("big.json"), 1024), "is 2048 bytes, above the limit of 1024");
}

TEST_F(InputFileTest, MissingFileNamesTheOsError) {
  EXPECT_EQ(problem_of(path("nope.json")), "cannot open: No such file or directory");
}

TEST_F(InputFileTest, JsonLoaderReportsTheTypeAtTheRoot) {
  ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
  try {
    load_json_file(path("pipe"));
    FAIL() << "a FIFO was read as JSON";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), path("pipe"));
    EXPECT_EQ(e.path(), "$");
    EXPECT_EQ(e.problem(), "is a FIFO, not a regular file");
  }
}

}  // namespace
}  // namespace kb::sim::files
