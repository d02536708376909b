// Reset for the nRF5340 application core without an SDK: the vector table, .data copied from
// flash, .bss zeroed, static constructors, the FPU enabled (the image is built hard-float), then the application.
#include <cstdint>

extern "C" {
extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__, __stack_top__;
extern void (*__preinit_array_start[])();
extern void (*__preinit_array_end[])();
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
void Reset_Handler();
void Default_Handler();
}

int keybench_board_main();  // board_main.cc

namespace {
constexpr uintptr_t kCpacr = 0xE000ED88;  // CP10 and CP11 full access enables the FPU
}

extern "C" void Reset_Handler() {
  *reinterpret_cast<volatile uint32_t*>(kCpacr) |= (0xFu << 20);
  uint32_t* src = &__data_load__;
  for (uint32_t* dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
  // Static constructors, walked here: without crti/crtn there is no _init for newlib's walker.
  for (auto* f = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
  for (auto* f = __init_array_start; f < __init_array_end; ++f) (*f)();
  (void)keybench_board_main();
  for (;;) {
  }
}

extern "C" void Default_Handler() {
  for (;;) {
  }
}

// Initial stack pointer, reset, then the 14 remaining Cortex-M system exceptions; the nRF5340's
// peripheral interrupts are not used by the key flows.
__attribute__((section(".vectors"), used)) void (*const kVectorTable[16])() = {
    reinterpret_cast<void (*)()>(&__stack_top__),
    Reset_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    nullptr,
    nullptr,
    nullptr,
    Default_Handler,
    Default_Handler,
    nullptr,
    Default_Handler,
};
