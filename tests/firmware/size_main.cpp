// The program whose image the firmware budget tracks (budget.sh): the uses of
// firmware_tu.cpp that the issue measured -- a fixed template, the template
// parser, the names of three families and the CKR downgrade.  The mechanism
// capability lookup is left out, as it links the 13 KB of mechanism rows that
// a program which only names mechanisms does not need.
#include "p11/abi/types.hpp"

extern "C" {
const char* fw_mechanism_name(unsigned long m);
const char* fw_rv_name(unsigned long r);
const char* fw_attribute_name(unsigned long a);
unsigned long fw_downgrade(unsigned long r);
unsigned long fw_check_template(const p11::abi::CK_ATTRIBUTE* t, unsigned long n);
unsigned long fw_template_size();
}

// Volatile, so that the compiler cannot fold the lookups away and the image
// holds what a program with run-time inputs holds.
volatile unsigned long input = 0x1082;       // CKM_AES_CBC, or whatever a caller passes
volatile const char* volatile sink = nullptr;
volatile unsigned long result = 0;

int main() {
    sink = fw_mechanism_name(input);
    sink = fw_rv_name(input);
    sink = fw_attribute_name(input);
    result = fw_downgrade(input);
    unsigned char label[] = {'f', 'w'};
    const p11::abi::CK_ATTRIBUTE attrs[] = {{3 /* CKA_LABEL */, label, sizeof label}};
    result = fw_check_template(attrs, input % 2);
    result = fw_template_size();
    return 0;
}
