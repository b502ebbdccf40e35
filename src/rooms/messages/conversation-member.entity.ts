import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A participant of a direct conversation (channels are open to everyone who may enter the room). */
@Entity('conversation_members')
@Index(['userId'])
export class ConversationMember {
  @PrimaryColumn({ type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
