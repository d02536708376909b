#pragma once
// The `i2c:` target's bus backend (hal/linux, LinuxI2cInitiator) driven against a simulated bench:
// a stand-in kernel whose I2C_RDWR hands each message pair to the bench's bus, so a flow runs
// through the very i2c-dev message layout and errno mapping it uses on a board. Time is the bench's
// (a real adapter's clock would leave the model's busy times unpaid).
#include <fcntl.h>

#include <cerrno>
#include <memory>
#include <span>
#include <string>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "hal/linux/linux_i2c_initiator.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"

namespace kb::test {

class BenchKernel final : public hal::linux_i2c::SysCalls {
 public:
  explicit BenchKernel(sim::Bench& bench) : bus_(bench) {}
  int open(const char*, int) override { return kFd; }
  int close(int) override { return 0; }
  int ioctl_funcs(int, unsigned long* funcs) override {
    *funcs = I2C_FUNC_I2C;
    return 0;
  }
  int ioctl_rdwr(int, i2c_rdwr_ioctl_data* data) override {
    ++transfers;
    std::span<const uint8_t> tx;
    std::span<uint8_t> rx;
    uint16_t address = 0;
    for (uint32_t i = 0; i < data->nmsgs; ++i) {
      const i2c_msg& m = data->msgs[i];
      address = m.addr;
      if (m.flags & I2C_M_RD) {
        rx = std::span<uint8_t>(m.buf, m.len);
      } else {
        tx = std::span<const uint8_t>(m.buf, m.len);
      }
    }
    switch (bus_.write_read(static_cast<uint8_t>(address), tx, rx)) {
      case hal::I2cResult::kOk: return static_cast<int>(data->nmsgs);
      case hal::I2cResult::kAddressNack: errno_ = ENXIO; return -1;
      case hal::I2cResult::kDataNack: errno_ = EIO; return -1;
      case hal::I2cResult::kTimeout: errno_ = ETIMEDOUT; return -1;
      case hal::I2cResult::kArbitrationLost: errno_ = EAGAIN; return -1;
      default: errno_ = EPROTO; return -1;
    }
  }
  int last_errno() const override { return errno_; }

  int transfers = 0;

 private:
  static constexpr int kFd = 7;
  hal::sim::SimI2cInitiator bus_;
  int errno_ = 0;
};

// A platform as the i2c: target builds it (i2c-dev backend, unseeded OpenSSL), on a bench.
struct I2cDevRun {
  std::unique_ptr<sim::Bench> bench;
  BenchKernel kernel;
  std::unique_ptr<hal::linux_i2c::LinuxI2cInitiator> i2c;
  hal::sim::SimClock clock;
  hal::sim::SimPowerLine power;
  hal::openssl::OpensslCrypto crypto;
  hal::host::CaptureConsole console;
  hal::Platform platform;

  explicit I2cDevRun(std::unique_ptr<sim::Bench> b)
      : bench(std::move(b)),
        kernel(*bench),
        i2c(open_bridge(kernel)),
        clock(*bench),
        power(*bench),
        platform{*i2c, clock, power, crypto, console, nullptr} {}

 private:
  static std::unique_ptr<hal::linux_i2c::LinuxI2cInitiator> open_bridge(BenchKernel& kernel) {
    std::string error;
    return hal::linux_i2c::LinuxI2cInitiator::open("/dev/i2c-bench", error, kernel);
  }
};

}  // namespace kb::test
