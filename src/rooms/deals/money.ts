import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
export const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/** CONTRACT money: a decimal string and an ISO-4217 code. */
export class MoneyDto {
  @ApiProperty({ example: '12500.00' })
  @IsString()
  @Matches(AMOUNT, { message: 'amount must be a non-negative decimal with up to 2 places' })
  amount!: string;

  @ApiProperty({ example: 'EUR' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code' })
  currency!: string;
}

export interface Money {
  amount: string;
  currency: string;
}

export function money(amount: string | number | bigint, currency: string): Money {
  const cents = typeof amount === 'bigint' ? amount : toCents(String(amount));
  return { amount: fromCents(cents), currency: currency.trim() };
}

/** "12.5" → 1250n. Exact: money never goes through floating point. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace(/^-/, '').split('.');
  const cents = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** `amount × rate%`, rounded half up to the cent; rate is a percent string like "12.50". */
export function commissionOf(amount: string, rate: string): string {
  const basisPoints = toCents(rate);
  return fromCents((toCents(amount) * basisPoints + 5000n) / 10000n);
}

/** Product names of a lead or deal: up to 50 short, trimmed, non-empty strings. */
export function IsProducts() {
  return applyDecorators(
    Transform(({ value }) =>
      Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value,
    ),
    IsArray(),
    ArrayMaxSize(50),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(100, { each: true }),
  );
}
