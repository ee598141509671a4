import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { id, int, text, time, uuid } from './columns';

/**
 * Uploaded files (KYC images, card faces): metadata here, bytes in the FileStore under a random key. Card products
 * get an optional logo and cover image on top of their preset colour.
 */
export class FilesAndCardFaces1764838800000 implements MigrationInterface {
  name = 'FilesAndCardFaces1764838800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'uploaded_files',
        columns: [
          id(),
          uuid('merchant_id'),
          text('purpose', 24),
          { name: 'storage_key', type: 'varchar', length: '64', isUnique: true },
          text('content_type', 32),
          int('size_bytes'),
          uuid('uploaded_by'),
          time('created_at'),
        ],
        indices: [{ name: 'ix_uploaded_files_merchant', columnNames: ['merchant_id', 'purpose'] }],
      }),
    );
    await q.addColumns('card_products', [
      new TableColumn(uuid('logo_file_id', true)),
      new TableColumn(uuid('cover_file_id', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('card_products', ['cover_file_id', 'logo_file_id']);
    await q.dropTable('uploaded_files');
  }
}
