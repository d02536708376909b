#include "hal/host/target.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/steady_clock.h"
#include "hal/linux/linux_i2c_initiator.h"
#include "hal/remote/remote_client.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_register_bus.h"
#include "hal/sim/sim_timed_crypto.h"
#include "simulator/bench/bench.h"

namespace kb::hal::host {

namespace {

// Built by appending: GCC 12 at -O3 reports a false -Wrestrict for "'" + std::string(...).
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

[[noreturn]] void bad(const std::string& problem) {
  throw std::invalid_argument("bad target: " + problem + "; " + kAcceptedTargets);
}

uint8_t parse_address(std::string_view text) {
  if (text.size() < 3 || text.substr(0, 2) != "0x") bad("address '" + std::string(text) + "' must be hex like 0x20");
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), value, 16);
  if (ec != std::errc() || end != text.data() + text.size() || value > 0x7F) {
    bad("address '" + std::string(text) + "' is not a 7-bit I2C address (0x00..0x7F)");
  }
  return static_cast<uint8_t>(value);
}

class SimTarget final : public HostTarget {
 public:
  SimTarget(std::unique_ptr<kb::sim::Bench> bench, Console& console, uint64_t seed)
      : bench_(std::move(bench)),
        i2c_(*bench_),
        clock_(*bench_),
        power_(*bench_),
        crypto_(seed),
        timed_crypto_(crypto_, *bench_, sim::platform_crypto_costs(*bench_)),
        registers_(sim::SimRegisterBus::attach(*bench_)),
        platform_{i2c_, clock_, power_, timed_crypto_, console, registers_.get()} {
    crypto_.set_log(&console);
  }
  Platform& platform() override { return platform_; }
  kb::sim::Bench* bench() override { return bench_.get(); }
  uint8_t device_address(std::string_view kind, uint8_t fallback) const override {
    return bench_device_address(*bench_, kind, fallback);
  }

 private:
  std::unique_ptr<kb::sim::Bench> bench_;
  sim::SimI2cInitiator i2c_;
  sim::SimClock clock_;
  sim::SimPowerLine power_;
  openssl::OpensslCrypto crypto_;
  sim::SimTimedCrypto timed_crypto_;
  std::unique_ptr<sim::SimRegisterBus> registers_;  // null unless the bench has an nRF5340
  Platform platform_;
};

class I2cDevTarget final : public HostTarget {
 public:
  I2cDevTarget(std::unique_ptr<linux_i2c::LinuxI2cInitiator> i2c, Console& console, std::optional<uint8_t> address)
      : i2c_(std::move(i2c)), address_(address), platform_{*i2c_, clock_, power_, crypto_, console, nullptr} {
    crypto_.set_log(&console);
  }
  Platform& platform() override { return platform_; }
  kb::sim::Bench* bench() override { return nullptr; }
  uint8_t device_address(std::string_view, uint8_t fallback) const override { return address_.value_or(fallback); }

 private:
  std::unique_ptr<linux_i2c::LinuxI2cInitiator> i2c_;
  std::optional<uint8_t> address_;
  SteadyClock clock_;
  FixedPowerLine power_;
  openssl::OpensslCrypto crypto_;
  Platform platform_;
};

// A bench served by `keybench serve`: the bus, clock, power line and registers are requests; the
// host's crypto runs here and charges the served bench's clock what the modelled platform would
// take, as SimTarget does, so a flow gives the same transcript in process and over a socket.
class RemoteTarget final : public HostTarget {
 public:
  RemoteTarget(std::unique_ptr<remote::RemoteClient> client, Console& console, uint64_t seed)
      : client_(std::move(client)),
        i2c_(*client_),
        clock_(*client_),
        power_(*client_),
        crypto_(seed),
        timed_crypto_(
            crypto_, clock_,
            sim::PlatformCryptoCosts{client_->info().p256_scalar_multiplication_ns, client_->info().p256_verify_ns}),
        registers_(client_->info().has_registers ? std::make_unique<remote::RemoteRegisterBus>(*client_) : nullptr),
        platform_{i2c_, clock_, power_, timed_crypto_, console, registers_.get()} {
    crypto_.set_log(&console);
  }
  Platform& platform() override { return platform_; }
  kb::sim::Bench* bench() override { return nullptr; }
  std::optional<std::vector<uint8_t>> served_bench_ca() override { return client_->bench_ca_der(); }
  uint8_t device_address(std::string_view kind, uint8_t fallback) const override {
    for (const auto& d : client_->info().devices) {
      if (d.kind == kind) return d.address7;
    }
    return fallback;
  }

 private:
  std::unique_ptr<remote::RemoteClient> client_;
  remote::RemoteI2cInitiator i2c_;
  remote::RemoteClock clock_;
  remote::RemotePowerLine power_;
  openssl::OpensslCrypto crypto_;
  sim::SimTimedCrypto timed_crypto_;
  std::unique_ptr<remote::RemoteRegisterBus> registers_;
  Platform platform_;
};

// $KEYBENCH_REMOTE_TOKEN_FILE's content without its trailing newline, or empty.
std::string remote_token() {
  const char* path = std::getenv("KEYBENCH_REMOTE_TOKEN_FILE");
  if (path == nullptr || *path == '\0') return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("KEYBENCH_REMOTE_TOKEN_FILE: cannot read ") + path);
  std::string token((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

}  // namespace

uint8_t bench_device_address(const kb::sim::Bench& bench, std::string_view kind, uint8_t fallback) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == kind) return d.address7;
  }
  return fallback;
}

TargetSpec parse_target(std::string_view text) {
  TargetSpec spec;
  if (text.empty()) bad("empty target");
  if (text == "sim") return spec;
  if (text.substr(0, 4) == "sim:") {
    spec.fixture = std::string(text.substr(4));
    if (spec.fixture.empty()) bad("'sim:' needs a fixture path");
    return spec;
  }
  if (text.substr(0, 4) == "i2c:") {
    spec.kind = TargetSpec::Kind::kI2cDev;
    std::string_view rest = text.substr(4);
    size_t at = rest.find('@');
    if (at != std::string_view::npos) {
      spec.address7 = parse_address(rest.substr(at + 1));
      rest = rest.substr(0, at);
    }
    if (rest.substr(0, 5) != "/dev/") bad(quoted(rest) + " is not a device node like /dev/i2c-1");
    spec.device = std::string(rest);
    return spec;
  }
  if (text.substr(0, 7) == "remote:") {
    spec.kind = TargetSpec::Kind::kRemote;
    spec.remote = std::string(text.substr(7));
    try {
      (void)remote::parse_endpoint(spec.remote);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("bad target: ") + e.what());
    }
    return spec;
  }
  bad(quoted(text) + " is not a known target");
}

std::unique_ptr<HostTarget> open_target(const TargetSpec& spec, Console& console, uint64_t seed) {
  if (spec.kind == TargetSpec::Kind::kSim) {
    auto bench = spec.fixture.empty() ? kb::sim::Bench::make_default() : kb::sim::Bench::from_file(spec.fixture);
    if (spec.rtl_bus) {
      try {
        bench->set_bus_level(kb::sim::BusLevel::kRtl);
      } catch (const kb::sim::BusLevelError& e) {
        throw std::runtime_error(std::string("--bus rtl: ") + e.what());
      }
    }
    return std::make_unique<SimTarget>(std::move(bench), console, seed);
  }
  if (spec.kind == TargetSpec::Kind::kRemote) {
    auto client = remote::RemoteClient::connect(remote::parse_endpoint(spec.remote), remote_token());
    return std::make_unique<RemoteTarget>(std::move(client), console, seed);
  }
  std::string error;
  auto i2c = linux_i2c::LinuxI2cInitiator::open(spec.device, error);
  if (!i2c) throw std::runtime_error(error);
  return std::make_unique<I2cDevTarget>(std::move(i2c), console, spec.address7);
}

}  // namespace kb::hal::host
