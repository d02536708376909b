#pragma once
// The `i2c:/dev/i2c-N` backend: drives a real adapter through Linux i2c-dev. Every transfer is
// one I2C_RDWR ioctl, so a write followed by a read goes out with a repeated START and no STOP
// in between, exactly as the I2cInitiator contract describes.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "hal/i2c_initiator.h"
#include "hal/linux/linux_i2c_syscalls.h"

namespace kb::hal::linux_i2c {

class LinuxI2cInitiator final : public I2cInitiator {
 public:
  // i2c-dev refuses longer messages with EINVAL; checking first gives a clearer error.
  static constexpr size_t kMaxMessageLength = 8192;

  // Opens the adapter node. On failure returns nullptr and sets `error` to one line naming the
  // node and the likely fix (module not loaded, missing permission).
  static std::unique_ptr<LinuxI2cInitiator> open(const std::string& device_path, std::string& error,
                                                 SysCalls& sys = real_syscalls());

  ~LinuxI2cInitiator() override;
  LinuxI2cInitiator(const LinuxI2cInitiator&) = delete;
  LinuxI2cInitiator& operator=(const LinuxI2cInitiator&) = delete;

  const std::string& device_path() const { return device_path_; }

  // i2c-dev gives user space no way to change an adapter's SCL rate: the kernel driver takes it
  // from the device tree (`clock-frequency`) or a module parameter (for example
  // `i2c_bcm2835.baudrate`) when it binds. So set_rate_hz() cannot change anything; it only
  // answers kOk when asked for the rate the adapter already runs at, which the caller states here
  // (0, the default, means unknown: every request is kUnsupported).
  void set_adapter_rate_hz(uint32_t hz) { adapter_rate_hz_ = hz; }
  uint32_t adapter_rate_hz() const { return adapter_rate_hz_; }
  // Why the most recent transfer failed, in one line (errno text included); empty after a
  // transfer that succeeded.
  const std::string& last_error() const { return last_error_; }

 private:
  LinuxI2cInitiator(std::string device_path, int fd, SysCalls& sys);

  I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override;
  I2cResult do_set_rate_hz(uint32_t hz) override;
  I2cResult fail(I2cResult result, std::string message);

  std::string device_path_;
  int fd_;
  SysCalls& sys_;
  std::string last_error_;
  uint32_t adapter_rate_hz_ = 0;
};

}  // namespace kb::hal::linux_i2c
