#pragma once
// The nRF5340 application core's address map as the model decodes it (fact sheet
// nrf-kmu-lifecycle.md §1.1–1.8, §7). Device-side constants: the host library keeps its own.
#include <cstdint>

#include "simulator/time/scheduler.h"

namespace kb::sim::nrf {

// Code flash: 256 pages of 4 KiB (§7).
inline constexpr uint32_t kFlashBase = 0x00000000;
inline constexpr uint32_t kFlashSize = 256u * 4096u;
inline constexpr uint32_t kFlashPageSize = 4096;

// UICR, secure only, 4 KiB (§1.3).
inline constexpr uint32_t kUicrBase = 0x00FF8000;
inline constexpr uint32_t kUicrSize = 0x1000;
inline constexpr uint32_t kUicrApprotect = 0x000;
inline constexpr uint32_t kUicrEraseprotect = 0x020;
inline constexpr uint32_t kUicrOtpBegin = 0x100;  // OTP[192] at 0x100..0x3FF
inline constexpr uint32_t kUicrOtpEnd = 0x400;
inline constexpr uint32_t kUicrKeyConfigBegin = 0x400;  // KEYSLOT.CONFIG[128], 8 bytes each
inline constexpr uint32_t kUicrKeyValueBegin = 0x800;   // KEYSLOT.KEY[128], 16 bytes each
inline constexpr uint32_t kUicrKeyValueEnd = 0x1000;
inline constexpr unsigned kKeySlots = 128;

inline constexpr uint32_t dest_offset(unsigned slot) {
  return kUicrKeyConfigBegin + 8 * slot;
}
inline constexpr uint32_t perm_offset(unsigned slot) {
  return kUicrKeyConfigBegin + 8 * slot + 4;
}
inline constexpr uint32_t value_offset(unsigned slot, unsigned word) {
  return kUicrKeyValueBegin + 16 * slot + 4 * word;
}

// Bootloader storage = PM_PROVISION_ADDRESS, inferred to be the start of the OTP region (§5.2, §8.9).
inline constexpr uint32_t kBlStorageOffset = kUicrOtpBegin;

// KMU and NVMC share one secure 4 KiB block (§1.1, §1.2).
inline constexpr uint32_t kKmuNvmcBase = 0x50039000;
inline constexpr uint32_t kKmuTasksPushKeyslot = 0x000;
inline constexpr uint32_t kKmuEventsPushed = 0x100;
inline constexpr uint32_t kKmuEventsRevoked = 0x104;
inline constexpr uint32_t kKmuEventsError = 0x108;
inline constexpr uint32_t kKmuInten = 0x300;
inline constexpr uint32_t kKmuIntenset = 0x304;
inline constexpr uint32_t kKmuIntenclr = 0x308;
inline constexpr uint32_t kKmuIntpend = 0x30C;
inline constexpr uint32_t kKmuStatus = 0x40C;
inline constexpr uint32_t kKmuSelectKeyslot = 0x500;
inline constexpr uint32_t kKmuStatusSelected = 1u << 0;
inline constexpr uint32_t kKmuStatusBlocked = 1u << 1;

inline constexpr uint32_t kNvmcReady = 0x400;
inline constexpr uint32_t kNvmcReadyNext = 0x408;
inline constexpr uint32_t kNvmcConfig = 0x504;
inline constexpr uint32_t kNvmcEraseAll = 0x50C;
inline constexpr uint32_t kNvmcErasePagePartialCfg = 0x51C;
inline constexpr uint32_t kNvmcConfigNs = 0x584;
inline constexpr uint32_t kNvmcWriteUicrNs = 0x588;
// NVMC.CONFIG.WEN values.
inline constexpr uint32_t kWenRead = 0;
inline constexpr uint32_t kWenWrite = 1;
inline constexpr uint32_t kWenErase = 2;
inline constexpr uint32_t kWenPartialErase = 4;

// PERM word bits (§1.4).
inline constexpr uint32_t kPermWrite = 1u << 0;
inline constexpr uint32_t kPermRead = 1u << 1;
inline constexpr uint32_t kPermPush = 1u << 2;
inline constexpr uint32_t kPermStateActive = 1u << 16;

// A blocked KMU read answers this word (§1.6).
inline constexpr uint32_t kBlockedRead = 0xDEADDEAD;

// CryptoCell CC312 key registers a push may target (§1.8): 256-bit AES key and 256-bit ChaCha key.
inline constexpr uint32_t kCcAesKeyBase = 0x50845400;
inline constexpr uint32_t kCcChachaKeyBase = 0x50845388;
inline constexpr uint32_t kCcKeyBytes = 32;

// Model-only: the port through which firmware asks the modelled CryptoCell for the shadow-key
// derivation of §3.6. Silicon does this inside the closed CC312 runtime; this address is not on the
// chip (see docs/fidelity.md).
inline constexpr uint32_t kKdfPortBase = 0x5FFF0000;
inline constexpr uint32_t kKdfTasksStart = 0x000;
inline constexpr uint32_t kKdfEventsDone = 0x100;
inline constexpr uint32_t kKdfEventsError = 0x104;
inline constexpr uint32_t kKdfKeybits = 0x200;
inline constexpr uint32_t kKdfLabelSize = 0x204;
inline constexpr uint32_t kKdfContextSize = 0x208;
inline constexpr uint32_t kKdfOutputSize = 0x20C;
inline constexpr uint32_t kKdfErrorSrc = 0x210;
inline constexpr uint32_t kKdfLabel = 0x300;    // 16 words
inline constexpr uint32_t kKdfContext = 0x340;  // 16 words
inline constexpr uint32_t kKdfOutput = 0x380;   // 16 words
inline constexpr uint32_t kKdfMaxBytes = 64;
inline constexpr uint32_t kKdfErrorKeyNotLoaded = 1;
inline constexpr uint32_t kKdfErrorBadSize = 2;

// Timing (§7). Program and erase times are facts; push and CMAC latencies are unpublished and
// modelled with nominal values (docs/fidelity.md).
inline constexpr Nanoseconds kWordProgramNs = 43 * kMicrosecond;
inline constexpr Nanoseconds kPageEraseNs = 87500 * kMicrosecond;
inline constexpr Nanoseconds kEraseAllNs = 173 * kMillisecond;
inline constexpr Nanoseconds kPushNs = 1 * kMicrosecond;
inline constexpr Nanoseconds kCmacBlockNs = 10 * kMicrosecond;
inline constexpr unsigned kNWrite = 2;  // writes per word between erases

}  // namespace kb::sim::nrf
