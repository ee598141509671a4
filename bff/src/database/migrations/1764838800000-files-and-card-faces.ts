import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

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
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'merchant_id', type: 'varchar', length: '36' },
          { name: 'purpose', type: 'varchar', length: '24' },
          { name: 'storage_key', type: 'varchar', length: '64', isUnique: true },
          { name: 'content_type', type: 'varchar', length: '32' },
          { name: 'size_bytes', type: 'int' },
          { name: 'uploaded_by', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'datetime', precision: 6 },
        ],
        indices: [{ name: 'ix_uploaded_files_merchant', columnNames: ['merchant_id', 'purpose'] }],
      }),
    );
    await q.addColumns('card_products', [
      new TableColumn({ name: 'logo_file_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'cover_file_id', type: 'varchar', length: '36', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('card_products', ['cover_file_id', 'logo_file_id']);
    await q.dropTable('uploaded_files');
  }
}
