// The i2c-dev backend against a scripted kernel: open errors, the exact I2C_RDWR message layout
// for each transfer shape, the errno → I2cResult mapping, and closing the node.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <vector>

#include "hal/linux/linux_i2c_initiator.h"

namespace kb::hal::linux_i2c {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::StrEq;

class MockSysCalls : public SysCalls {
 public:
  MOCK_METHOD(int, open, (const char* path, int flags), (override));
  MOCK_METHOD(int, close, (int fd), (override));
  MOCK_METHOD(int, ioctl_rdwr, (int fd, i2c_rdwr_ioctl_data* data), (override));
  MOCK_METHOD(int, ioctl_funcs, (int fd, unsigned long* funcs), (override));
  MOCK_METHOD(int, last_errno, (), (const, override));
};

// A copy of one i2c_msg as the driver would have seen it during the ioctl.
struct SeenMessage {
  uint16_t addr;
  uint16_t flags;
  uint16_t len;
  std::vector<uint8_t> bytes;  // the buffer's contents for writes
};

constexpr int kFd = 42;

class LinuxI2cTest : public ::testing::Test {
 protected:
  std::unique_ptr<LinuxI2cInitiator> open_ok() {
    EXPECT_CALL(sys_, open(StrEq("/dev/i2c-1"), O_RDWR | O_CLOEXEC)).WillOnce(Return(kFd));
    expect_adapter(I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL);
    EXPECT_CALL(sys_, close(kFd)).WillOnce(Return(0));
    std::string error = "stale";
    auto i2c = LinuxI2cInitiator::open("/dev/i2c-1", error, sys_);
    EXPECT_NE(i2c, nullptr);
    EXPECT_EQ(error, "");
    return i2c;
  }

  void expect_adapter(unsigned long funcs) {
    EXPECT_CALL(sys_, ioctl_funcs(kFd, _)).WillOnce(Invoke([funcs](int, unsigned long* out) {
      *out = funcs;
      return 0;
    }));
  }

  // Records the messages of the next ioctl, copies `reply` into a read message and returns the
  // number of messages, as the kernel does on success.
  void expect_transfer(std::vector<SeenMessage>& seen, std::vector<uint8_t> reply = {}) {
    EXPECT_CALL(sys_, ioctl_rdwr(kFd, _)).WillOnce(Invoke([&seen, reply](int, i2c_rdwr_ioctl_data* data) {
      for (uint32_t i = 0; i < data->nmsgs; ++i) {
        const i2c_msg& m = data->msgs[i];
        SeenMessage s{m.addr, m.flags, m.len, {}};
        if (m.flags & I2C_M_RD) {
          for (uint16_t b = 0; b < m.len && b < reply.size(); ++b) m.buf[b] = reply[b];
        } else {
          s.bytes.assign(m.buf, m.buf + m.len);
        }
        seen.push_back(s);
      }
      return static_cast<int>(data->nmsgs);
    }));
  }

  void expect_failure(int err) {
    EXPECT_CALL(sys_, ioctl_rdwr(kFd, _)).WillOnce(Return(-1));
    EXPECT_CALL(sys_, last_errno()).WillRepeatedly(Return(err));
  }

  ::testing::StrictMock<MockSysCalls> sys_;
};

TEST_F(LinuxI2cTest, MissingNodeSaysLoadTheModule) {
  EXPECT_CALL(sys_, open(StrEq("/dev/i2c-7"), _)).WillOnce(Return(-1));
  EXPECT_CALL(sys_, last_errno()).WillRepeatedly(Return(ENOENT));
  std::string error;
  EXPECT_EQ(LinuxI2cInitiator::open("/dev/i2c-7", error, sys_), nullptr);
  EXPECT_EQ(error, "/dev/i2c-7: no such I2C adapter (is the i2c-dev module loaded? `modprobe i2c-dev`)");
}

TEST_F(LinuxI2cTest, PermissionDeniedSaysHowToGetAccess) {
  EXPECT_CALL(sys_, open(StrEq("/dev/i2c-7"), _)).WillOnce(Return(-1));
  EXPECT_CALL(sys_, last_errno()).WillRepeatedly(Return(EACCES));
  std::string error;
  EXPECT_EQ(LinuxI2cInitiator::open("/dev/i2c-7", error, sys_), nullptr);
  EXPECT_EQ(error, "/dev/i2c-7: permission denied (run as root or add your user to the i2c group)");
}

TEST_F(LinuxI2cTest, OtherOpenFailuresCarryTheErrnoText) {
  EXPECT_CALL(sys_, open(StrEq("/dev/i2c-3"), _)).WillOnce(Return(-1));
  EXPECT_CALL(sys_, last_errno()).WillRepeatedly(Return(EBUSY));
  std::string error;
  EXPECT_EQ(LinuxI2cInitiator::open("/dev/i2c-3", error, sys_), nullptr);
  EXPECT_EQ(error, "/dev/i2c-3: cannot open: Device or resource busy");
}

TEST_F(LinuxI2cTest, NodeThatIsNotAnAdapterIsRefusedAndClosed) {
  EXPECT_CALL(sys_, open(StrEq("/dev/null"), _)).WillOnce(Return(kFd));
  EXPECT_CALL(sys_, ioctl_funcs(kFd, _)).WillOnce(Return(-1));
  EXPECT_CALL(sys_, last_errno()).WillRepeatedly(Return(ENOTTY));
  EXPECT_CALL(sys_, close(kFd)).WillOnce(Return(0));
  std::string error;
  EXPECT_EQ(LinuxI2cInitiator::open("/dev/null", error, sys_), nullptr);
  EXPECT_EQ(error, "/dev/null: not an I2C adapter (I2C_FUNCS: Inappropriate ioctl for device)");
}

TEST_F(LinuxI2cTest, SmbusOnlyAdapterIsRefused) {
  EXPECT_CALL(sys_, open(_, _)).WillOnce(Return(kFd));
  expect_adapter(I2C_FUNC_SMBUS_BYTE | I2C_FUNC_SMBUS_BYTE_DATA);
  EXPECT_CALL(sys_, close(kFd)).WillOnce(Return(0));
  std::string error;
  EXPECT_EQ(LinuxI2cInitiator::open("/dev/i2c-4", error, sys_), nullptr);
  EXPECT_NE(error.find("cannot do plain I2C transfers"), std::string::npos) << error;
}

TEST_F(LinuxI2cTest, DestructionClosesTheNode) {
  EXPECT_CALL(sys_, open(_, _)).WillOnce(Return(kFd));
  expect_adapter(I2C_FUNC_I2C);
  std::string error;
  auto i2c = LinuxI2cInitiator::open("/dev/i2c-1", error, sys_);
  ASSERT_NE(i2c, nullptr);
  ::testing::Mock::VerifyAndClearExpectations(&sys_);
  EXPECT_CALL(sys_, close(kFd)).WillOnce(Return(0));
  i2c.reset();
}

TEST_F(LinuxI2cTest, WriteIsOneMessageWithoutReadFlag) {
  auto i2c = open_ok();
  std::vector<SeenMessage> seen;
  expect_transfer(seen);
  const std::array<uint8_t, 3> tx{0x00, 0x12, 0xAB};
  EXPECT_EQ(i2c->write(0x20, tx), I2cResult::kOk);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].addr, 0x20);
  EXPECT_EQ(seen[0].flags, 0);
  EXPECT_EQ(seen[0].len, 3);
  EXPECT_THAT(seen[0].bytes, ElementsAre(0x00, 0x12, 0xAB));
  EXPECT_EQ(i2c->last_error(), "");
}

TEST_F(LinuxI2cTest, ReadIsOneReadMessageIntoTheCallersBuffer) {
  auto i2c = open_ok();
  std::vector<SeenMessage> seen;
  expect_transfer(seen, {0x90, 0x00, 0x05});
  std::array<uint8_t, 3> rx{};
  EXPECT_EQ(i2c->read(0x21, rx), I2cResult::kOk);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].addr, 0x21);
  EXPECT_EQ(seen[0].flags, I2C_M_RD);
  EXPECT_EQ(seen[0].len, 3);
  EXPECT_THAT(rx, ElementsAre(0x90, 0x00, 0x05));
}

TEST_F(LinuxI2cTest, WriteReadIsWriteThenReadInOneIoctl) {
  auto i2c = open_ok();
  std::vector<SeenMessage> seen;
  expect_transfer(seen, {0xDE, 0xAD});
  const std::array<uint8_t, 2> tx{0x14, 0x11};
  std::array<uint8_t, 2> rx{};
  EXPECT_EQ(i2c->write_read(0x20, tx, rx), I2cResult::kOk);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].addr, 0x20);
  EXPECT_EQ(seen[0].flags, 0);
  EXPECT_EQ(seen[0].len, 2);
  EXPECT_THAT(seen[0].bytes, ElementsAre(0x14, 0x11));
  EXPECT_EQ(seen[1].addr, 0x20);
  EXPECT_EQ(seen[1].flags, I2C_M_RD);
  EXPECT_EQ(seen[1].len, 2);
  EXPECT_THAT(rx, ElementsAre(0xDE, 0xAD));
}

TEST_F(LinuxI2cTest, EmptyTransferIsAZeroLengthWriteProbe) {
  auto i2c = open_ok();
  std::vector<SeenMessage> seen;
  expect_transfer(seen);
  EXPECT_EQ(i2c->write(0x20, {}), I2cResult::kOk);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].flags, 0);
  EXPECT_EQ(seen[0].len, 0);
}

struct ErrnoCase {
  int err;
  bool writes;
  I2cResult expected;
};

class LinuxI2cErrnoTest : public LinuxI2cTest, public ::testing::WithParamInterface<ErrnoCase> {};

TEST_P(LinuxI2cErrnoTest, MapsToBusOutcome) {
  auto i2c = open_ok();
  expect_failure(GetParam().err);
  std::array<uint8_t, 2> tx{0x01, 0x02};
  std::array<uint8_t, 2> rx{};
  I2cResult result = GetParam().writes ? i2c->write(0x20, tx) : i2c->read(0x20, rx);
  EXPECT_EQ(result, GetParam().expected) << "errno " << GetParam().err;
  EXPECT_THAT(i2c->last_error(), HasSubstr("I2C_RDWR to 0x20 on /dev/i2c-1 failed"));
  EXPECT_THAT(i2c->last_error(), HasSubstr(i2c_result_name(GetParam().expected)));
}

INSTANTIATE_TEST_SUITE_P(
    Errnos, LinuxI2cErrnoTest,
    ::testing::Values(ErrnoCase{ENXIO, true, I2cResult::kAddressNack}, ErrnoCase{ENXIO, false, I2cResult::kAddressNack},
                      ErrnoCase{EREMOTEIO, true, I2cResult::kAddressNack},
                      ErrnoCase{EREMOTEIO, false, I2cResult::kAddressNack},
                      ErrnoCase{ETIMEDOUT, true, I2cResult::kTimeout}, ErrnoCase{ETIMEDOUT, false, I2cResult::kTimeout},
                      ErrnoCase{EAGAIN, true, I2cResult::kArbitrationLost}, ErrnoCase{EIO, true, I2cResult::kDataNack},
                      ErrnoCase{EIO, false, I2cResult::kBusError}, ErrnoCase{EPROTO, false, I2cResult::kBusError},
                      ErrnoCase{EINVAL, true, I2cResult::kBusError}));

TEST_F(LinuxI2cTest, LastErrorNamesTheErrnoAndClearsOnSuccess) {
  auto i2c = open_ok();
  expect_failure(EREMOTEIO);
  const std::array<uint8_t, 1> tx{0x00};
  EXPECT_EQ(i2c->write(0x20, tx), I2cResult::kAddressNack);
  EXPECT_EQ(i2c->last_error(), "I2C_RDWR to 0x20 on /dev/i2c-1 failed: Remote I/O error (address NACK)");
  std::vector<SeenMessage> seen;
  expect_transfer(seen);
  EXPECT_EQ(i2c->write(0x20, tx), I2cResult::kOk);
  EXPECT_EQ(i2c->last_error(), "");
}

TEST_F(LinuxI2cTest, ShortMessageCountIsABusError) {
  auto i2c = open_ok();
  EXPECT_CALL(sys_, ioctl_rdwr(kFd, _)).WillOnce(Return(1));
  const std::array<uint8_t, 1> tx{0x00};
  std::array<uint8_t, 4> rx{};
  EXPECT_EQ(i2c->write_read(0x20, tx, rx), I2cResult::kBusError);
  EXPECT_THAT(i2c->last_error(), HasSubstr("completed 1 of 2 messages"));
}

TEST_F(LinuxI2cTest, RejectsWhatTheKernelWouldWithoutCallingIt) {
  auto i2c = open_ok();
  const std::array<uint8_t, 1> tx{0x00};
  EXPECT_EQ(i2c->write(0x80, tx), I2cResult::kBusError);
  EXPECT_THAT(i2c->last_error(), HasSubstr("not a 7-bit address"));
  std::vector<uint8_t> huge(LinuxI2cInitiator::kMaxMessageLength + 1);
  EXPECT_EQ(i2c->write(0x20, huge), I2cResult::kBusError);
  EXPECT_THAT(i2c->last_error(), HasSubstr("8192 bytes"));
}

// The StrictMock fails these tests if a rate request reaches the kernel: i2c-dev has no ioctl
// for the SCL rate, so nothing may be attempted.
TEST_F(LinuxI2cTest, RateOfAnUnknownAdapterCannotBeSet) {
  auto i2c = open_ok();
  EXPECT_EQ(i2c->adapter_rate_hz(), 0u);
  EXPECT_EQ(i2c->set_rate_hz(100000), I2cResult::kUnsupported);
  EXPECT_THAT(i2c->last_error(), HasSubstr("cannot set the bus to 100000 Hz from user space"));
  EXPECT_THAT(i2c->last_error(), HasSubstr("an unknown rate"));
}

TEST_F(LinuxI2cTest, OnlyTheAdapterRateIsAccepted) {
  auto i2c = open_ok();
  i2c->set_adapter_rate_hz(100000);
  EXPECT_EQ(i2c->set_rate_hz(100000), I2cResult::kOk);
  EXPECT_EQ(i2c->last_error(), "");
  EXPECT_EQ(i2c->set_rate_hz(400000), I2cResult::kUnsupported);
  EXPECT_THAT(i2c->last_error(), HasSubstr("runs at 100000 Hz"));
  EXPECT_EQ(i2c->set_rate_hz(100000), I2cResult::kOk);
  EXPECT_EQ(i2c->last_error(), "");
}

}  // namespace
}  // namespace kb::hal::linux_i2c
