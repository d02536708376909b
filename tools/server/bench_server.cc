#include "tools/server/bench_server.h"

#include <cstdio>
#include <filesystem>
#include <limits>

#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/fixture/json_view.h"
#include "simulator/fixture/strict_json.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::tools::server {

namespace {

using hal::remote::DecodeError;
using hal::remote::kMaxFrameBytes;
using hal::remote::kMaxI2cBytes;
using hal::remote::Op;
using hal::remote::Reader;
using hal::remote::Status;
using hal::remote::Writer;

std::vector<uint8_t> ok(Writer& w) {
  return w.take();
}

Writer ok_writer() {
  Writer w;
  w.u8(static_cast<uint8_t>(Status::kOk));
  return w;
}

// Constant-time comparison: a refused token must not say how many of its bytes were right.
bool same_token(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

size_t rx_length(Reader& r) {
  const size_t n = r.u16();
  if (n == 0) throw DecodeError(Status::kMalformed, "a read of 0 bytes (use a write of 0 bytes to probe an address)");
  if (n > kMaxI2cBytes) {
    throw DecodeError(Status::kTooLarge,
                      "a read of " + std::to_string(n) + " bytes is over the bound of " + std::to_string(kMaxI2cBytes));
  }
  return n;
}

}  // namespace

ServedBench::ServedBench(std::string name_, std::unique_ptr<sim::Bench> bench_)
    : name(std::move(name_)),
      bench(std::move(bench_)),
      i2c(*bench),
      clock(*bench),
      power(*bench),
      registers(hal::sim::SimRegisterBus::attach(*bench)),
      costs(hal::sim::platform_crypto_costs(*bench)) {}

std::string bench_name_for(const std::string& fixture_path) {
  if (fixture_path.empty()) return "default";
  return std::filesystem::path(fixture_path).stem().string();
}

BenchServer::BenchServer(std::vector<std::unique_ptr<ServedBench>> benches, std::string token)
    : benches_(std::move(benches)), token_(std::move(token)) {
  if (benches_.empty()) throw std::invalid_argument("no bench to serve");
  if (benches_.size() > kMaxBenches) {
    throw std::invalid_argument("at most " + std::to_string(kMaxBenches) + " benches, " +
                                std::to_string(benches_.size()) + " given");
  }
  for (size_t i = 0; i < benches_.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (benches_[i]->name == benches_[j]->name) {
        throw std::invalid_argument("two benches named \"" + benches_[i]->name + "\"");
      }
    }
  }
  if (token_.size() > hal::remote::kMaxTokenBytes) throw std::invalid_argument("token over 256 bytes");
}

std::vector<uint8_t> BenchServer::handle(Session& session, std::span<const uint8_t> request) {
  try {
    Reader r(request);
    const uint8_t op = r.u8();
    return dispatch(session, static_cast<Op>(op), r);
  } catch (const DecodeError& e) {
    return hal::remote::error_body(e.status(), e.what());
  } catch (const sim::FixtureError& e) {
    return hal::remote::error_body(Status::kRejected, e.what());
  } catch (const std::bad_alloc&) {
    return hal::remote::error_body(Status::kInternal, "out of memory");
  } catch (const std::exception& e) {
    return hal::remote::error_body(Status::kInternal, e.what());
  }
}

std::vector<uint8_t> BenchServer::hello(Session& session, Reader& r) {
  const uint32_t magic = r.u32();
  const uint16_t version = r.u16();
  if (magic != hal::remote::kMagic)
    return hal::remote::error_body(Status::kBadVersion, "bad magic, not a keybench client");
  if (version != hal::remote::kVersion) {
    return hal::remote::error_body(Status::kBadVersion, "client speaks version " + std::to_string(version) +
                                                            ", this server version " +
                                                            std::to_string(hal::remote::kVersion));
  }
  const std::string token = r.str16(hal::remote::kMaxTokenBytes);
  const std::string name = r.str16(hal::remote::kMaxNameBytes);
  r.finish();
  if (session.greeted) return hal::remote::error_body(Status::kProtocolState, "hello was already said");
  if (!token_.empty() && !same_token(token, token_)) {
    session.close_after_response = true;
    return hal::remote::error_body(Status::kUnauthorized, token.empty() ? "this server needs a token" : "wrong token");
  }
  size_t index = benches_.size();
  if (name.empty()) {
    index = 0;
  } else {
    for (size_t i = 0; i < benches_.size(); ++i) {
      if (benches_[i]->name == name) index = i;
    }
  }
  if (index == benches_.size()) {
    std::string known;
    for (const auto& b : benches_) {
      if (!known.empty()) known += ", ";
      known += b->name;
    }
    return hal::remote::error_body(Status::kNoSuchBench, "no bench \"" + name + "\" (served: " + known + ")");
  }
  session.greeted = true;
  session.bench = index;
  ServedBench& b = *benches_[index];
  hal::remote::BenchInfo info;
  info.name = b.name;
  info.bus_rate_hz = b.bench->bus().rate_hz();
  info.has_registers = b.registers != nullptr;
  info.powered = b.bench->powered();
  info.p256_scalar_multiplication_ns = b.costs.p256_scalar_multiplication;
  info.p256_verify_ns = b.costs.p256_verify;
  for (const auto& d : b.bench->devices()) info.devices.push_back({d.name, std::string(d.device->kind()), d.address7});
  Writer w = ok_writer();
  hal::remote::encode_bench_info(w, info);
  return ok(w);
}

std::vector<uint8_t> BenchServer::dispatch(Session& session, Op op, Reader& r) {
  if (op == Op::kHello) return hello(session, r);
  switch (op) {
    case Op::kI2cWrite:
    case Op::kI2cRead:
    case Op::kI2cWriteRead:
    case Op::kSetRate:
    case Op::kGetRate:
    case Op::kRegRead:
    case Op::kRegWrite:
    case Op::kSleep:
    case Op::kNow:
    case Op::kPowerOff:
    case Op::kPowerOn:
    case Op::kPowerCycle:
    case Op::kPowerState:
    case Op::kLoadFaultPlan:
    case Op::kFaultTrace:
    case Op::kSnapshot:
    case Op::kRestore:
    case Op::kBenchCa: break;
    default: {
      char text[48];
      std::snprintf(text, sizeof text, "opcode 0x%02X is not in version 1", static_cast<unsigned>(op));
      return hal::remote::error_body(Status::kUnknownOp, text);
    }
  }
  if (!session.greeted) return hal::remote::error_body(Status::kUnauthorized, "say hello first");
  ServedBench& b = *benches_[session.bench];
  Writer w = ok_writer();
  switch (op) {
    case Op::kI2cWrite: {
      const uint8_t address = r.u8();
      std::span<const uint8_t> tx = r.blob16(kMaxI2cBytes);
      r.finish();
      w.u8(static_cast<uint8_t>(b.i2c.write(address & 0x7F, tx)));
      break;
    }
    case Op::kI2cRead: {
      const uint8_t address = r.u8();
      std::vector<uint8_t> rx(rx_length(r));
      r.finish();
      w.u8(static_cast<uint8_t>(b.i2c.read(address & 0x7F, rx)));
      w.blob16(rx);
      break;
    }
    case Op::kI2cWriteRead: {
      const uint8_t address = r.u8();
      std::span<const uint8_t> tx = r.blob16(kMaxI2cBytes);
      std::vector<uint8_t> rx(rx_length(r));
      r.finish();
      if (tx.empty()) throw DecodeError(Status::kMalformed, "a write-read with nothing to write");
      w.u8(static_cast<uint8_t>(b.i2c.write_read(address & 0x7F, tx, rx)));
      w.blob16(rx);
      break;
    }
    case Op::kSetRate: {
      const uint32_t hz = r.u32();
      r.finish();
      w.u8(static_cast<uint8_t>(b.i2c.set_rate_hz(hz)));
      break;
    }
    case Op::kGetRate:
      r.finish();
      w.u32(b.bench->bus().rate_hz());
      break;
    case Op::kRegRead: {
      const uint32_t address = r.u32();
      r.finish();
      if (!b.registers) return hal::remote::error_body(Status::kUnsupported, "this bench has no register bus");
      w.u32(b.registers->read32(address));
      break;
    }
    case Op::kRegWrite: {
      const uint32_t address = r.u32();
      const uint32_t value = r.u32();
      r.finish();
      if (!b.registers) return hal::remote::error_body(Status::kUnsupported, "this bench has no register bus");
      b.registers->write32(address, value);
      break;
    }
    case Op::kSleep: {
      uint64_t ns = r.u64();
      r.finish();
      // Saturates: a huge sleep must never move the clock backwards.
      const uint64_t now = b.bench->scheduler().now();
      if (ns > std::numeric_limits<uint64_t>::max() - now) ns = std::numeric_limits<uint64_t>::max() - now;
      b.clock.sleep_ns(ns);
      w.u64(b.bench->scheduler().now());
      break;
    }
    case Op::kNow:
      r.finish();
      w.u64(b.bench->scheduler().now());
      break;
    case Op::kPowerOff:
    case Op::kPowerOn:
    case Op::kPowerCycle:
    case Op::kPowerState:
      r.finish();
      if (op == Op::kPowerState) {
        // Only asks.
      } else if (op == Op::kPowerOff) {
        b.bench->power_off();
      } else if (op == Op::kPowerOn) {
        b.bench->power_on();
      } else {
        b.bench->power_cycle();
      }
      w.u8(b.bench->powered() ? 1 : 0);
      break;
    case Op::kLoadFaultPlan: {
      const std::string text = r.str32(kMaxFrameBytes);
      r.finish();
      if (text.empty()) {
        b.bench->clear_fault_plan();
      } else {
        // A plan that does not parse or fit leaves the one in force (Bench::install_fault_plan).
        b.bench->install_fault_plan(sim::fault::parse_fault_plan_text(text, "<inline>"));
      }
      break;
    }
    case Op::kFaultTrace: {
      r.finish();
      const sim::fault::FaultInjector* faults = b.bench->faults();
      w.str32(faults == nullptr ? std::string("[]") : sim::fault::to_json(faults->records()).dump());
      break;
    }
    case Op::kSnapshot:
      r.finish();
      w.str32(b.bench->save_state().dump());
      break;
    case Op::kRestore: {
      const std::string text = r.str32(kMaxFrameBytes);
      r.finish();
      // All-or-nothing (Bench::load_state): a state that does not fit changes no device.
      b.bench->load_state(sim::parse_json_strict(text, "<inline>"), "<inline>");
      break;
    }
    case Op::kBenchCa: {
      r.finish();
      auto* chip = b.bench->first<sim::stsafe_a120::Stsafe>();
      if (chip == nullptr) {
        return hal::remote::error_body(Status::kUnsupported,
                                       "bench \"" + b.name + "\" has no STSAFE-A120, so no bench CA; pass --ca FILE");
      }
      const std::vector<uint8_t> der =
          sim::stsafe_a120::factory_personalisation(chip->state().random_seed).ca_certificate;
      w.str32(std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
      break;
    }
    default: break;
  }
  return ok(w);
}

}  // namespace kb::tools::server
