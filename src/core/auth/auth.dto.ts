import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserDto } from '../workspace/users.dto';

export class LoginDto {
  @ApiProperty({ example: 'ada@vendor.example' })
  @IsString()
  @MaxLength(320)
  @IsEmail()
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 1024 })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

export class TokensDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
}

export class LoginResponseDto extends TokensDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}
