#include "hal/linux/linux_i2c_initiator.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <utility>

namespace kb::hal::linux_i2c {

namespace {

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

std::string open_error_message(const std::string& path, int err) {
  switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO:  // the node exists but no adapter is bound to its minor number
      return path + ": no such I2C adapter (is the i2c-dev module loaded? `modprobe i2c-dev`)";
    case EACCES:
    case EPERM: return path + ": permission denied (run as root or add your user to the i2c group)";
    default: return path + ": cannot open: " + errno_text(err);
  }
}

// What a failed I2C_RDWR most likely means on the bus.
//
// Linux adapter drivers report a target that did not acknowledge as ENXIO or EREMOTEIO. Most
// controllers only raise a "NACK received" flag and cannot say whether it came in the address
// byte or in a data byte, so both codes map to kAddressNack: for a secure element that is the
// common case (the chip ignores its address while it is busy) and the one the host library
// polls on.
//
// EIO is the generic "something went wrong". The bit-banged algorithm (i2c-algo-bit, behind
// i2c-gpio and many SoC drivers) is the main driver that does tell the two NACKs apart: it
// returns ENXIO for the address and EIO when a data byte is not acknowledged. Since an address
// NACK would already have produced ENXIO, EIO during a transfer that writes means the target
// accepted its address and then stopped acknowledging part way through the write, so it maps to
// kDataNack. On a pure read there are no target-acknowledged data bytes, so EIO stays a bus
// error. A driver that uses EIO for other faults during a write is therefore reported as a data
// NACK; both results end the command, so the host library treats them alike.
I2cResult result_from_errno(int err, bool transfer_writes) {
  switch (err) {
    case ENXIO:
    case EREMOTEIO: return I2cResult::kAddressNack;
    case ETIMEDOUT: return I2cResult::kTimeout;
    case EIO: return transfer_writes ? I2cResult::kDataNack : I2cResult::kBusError;
    case EAGAIN: return I2cResult::kArbitrationLost;  // the kernel's code for a lost arbitration
    default: return I2cResult::kBusError;
  }
}

std::string hex_address(uint8_t address7) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", address7);
  return text;
}

}  // namespace

std::unique_ptr<LinuxI2cInitiator> LinuxI2cInitiator::open(const std::string& device_path, std::string& error,
                                                           SysCalls& sys) {
  int fd = sys.open(device_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    error = open_error_message(device_path, sys.last_errno());
    return nullptr;
  }
  // Asked before anything else is done with the node: any file can be opened, and only an
  // adapter answers I2C_FUNCS. Plain I2C transfers (I2C_RDWR) are what the backend needs.
  unsigned long funcs = 0;
  if (sys.ioctl_funcs(fd, &funcs) != 0) {
    int err = sys.last_errno();
    sys.close(fd);
    error = device_path + ": not an I2C adapter (I2C_FUNCS: " + errno_text(err) + ")";
    return nullptr;
  }
  if ((funcs & I2C_FUNC_I2C) == 0) {
    sys.close(fd);
    error = device_path + ": the adapter cannot do plain I2C transfers (I2C_FUNC_I2C missing; SMBus-only adapter)";
    return nullptr;
  }
  error.clear();
  return std::unique_ptr<LinuxI2cInitiator>(new LinuxI2cInitiator(device_path, fd, sys));
}

LinuxI2cInitiator::LinuxI2cInitiator(std::string device_path, int fd, SysCalls& sys)
    : device_path_(std::move(device_path)), fd_(fd), sys_(sys) {}

LinuxI2cInitiator::~LinuxI2cInitiator() {
  sys_.close(fd_);
}

I2cResult LinuxI2cInitiator::fail(I2cResult result, std::string message) {
  last_error_ = std::move(message);
  return result;
}

I2cResult LinuxI2cInitiator::do_set_rate_hz(uint32_t hz) {
  if (adapter_rate_hz_ != 0 && hz == adapter_rate_hz_) {
    last_error_.clear();
    return I2cResult::kOk;
  }
  const std::string known = adapter_rate_hz_ == 0 ? "an unknown rate" : std::to_string(adapter_rate_hz_) + " Hz";
  return fail(I2cResult::kUnsupported, device_path_ + ": cannot set the bus to " + std::to_string(hz) +
                                           " Hz from user space; the adapter runs at " + known +
                                           " (set by the device tree or the driver's module parameter)");
}

I2cResult LinuxI2cInitiator::do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  // Built only on failure, so a successful transfer allocates nothing.
  auto where = [&] { return "I2C_RDWR to " + hex_address(address7) + " on " + device_path_; };
  if (address7 > 0x7F) return fail(I2cResult::kBusError, where() + ": not a 7-bit address");
  if (tx.size() > kMaxMessageLength || rx.size() > kMaxMessageLength) {
    return fail(I2cResult::kBusError,
                where() + ": i2c-dev limits a message to " + std::to_string(kMaxMessageLength) + " bytes");
  }

  i2c_msg messages[2] = {};
  uint32_t count = 0;
  // Both spans empty is a zero-length write: an address-only probe.
  const bool writes = !tx.empty() || rx.empty();
  if (writes) {
    // The kernel only reads from a write message's buffer; the ABI just has no const.
    messages[count++] = i2c_msg{address7, 0, static_cast<uint16_t>(tx.size()), const_cast<uint8_t*>(tx.data())};
  }
  if (!rx.empty()) {
    messages[count++] = i2c_msg{address7, I2C_M_RD, static_cast<uint16_t>(rx.size()), rx.data()};
  }
  i2c_rdwr_ioctl_data request{messages, count};

  int done = sys_.ioctl_rdwr(fd_, &request);
  if (done < 0) {
    int err = sys_.last_errno();
    I2cResult result = result_from_errno(err, writes);
    return fail(result, where() + " failed: " + errno_text(err) + " (" + i2c_result_name(result) + ")");
  }
  if (static_cast<uint32_t>(done) != count) {
    return fail(I2cResult::kBusError, where() + ": the driver completed " + std::to_string(done) + " of " +
                                          std::to_string(count) + " messages");
  }
  last_error_.clear();
  return I2cResult::kOk;
}

}  // namespace kb::hal::linux_i2c
