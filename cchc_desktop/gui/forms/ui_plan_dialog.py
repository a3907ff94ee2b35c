# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'plan_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
    QSpacerItem, QSpinBox, QTabWidget, QVBoxLayout,
    QWidget)

from cchc_desktop.gui.date_field import DateField

class Ui_PlanDialog(object):
    def setupUi(self, PlanDialog):
        if not PlanDialog.objectName():
            PlanDialog.setObjectName(u"PlanDialog")
        PlanDialog.resize(720, 560)
        self.verticalLayout = QVBoxLayout(PlanDialog)
        self.verticalLayout.setObjectName(u"verticalLayout")
        self.tabs = QTabWidget(PlanDialog)
        self.tabs.setObjectName(u"tabs")
        self.generalTab = QWidget()
        self.generalTab.setObjectName(u"generalTab")
        self.generalForm = QFormLayout(self.generalTab)
        self.generalForm.setObjectName(u"generalForm")
        self.generalForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.titleLabel = QLabel(self.generalTab)
        self.titleLabel.setObjectName(u"titleLabel")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleEdit = QLineEdit(self.generalTab)
        self.titleEdit.setObjectName(u"titleEdit")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.yearLabel = QLabel(self.generalTab)
        self.yearLabel.setObjectName(u"yearLabel")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.yearLabel)

        self.yearSpin = QSpinBox(self.generalTab)
        self.yearSpin.setObjectName(u"yearSpin")
        self.yearSpin.setMinimum(2000)
        self.yearSpin.setMaximum(2100)
        self.yearSpin.setValue(2023)

        self.generalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.yearSpin)

        self.numberLabel = QLabel(self.generalTab)
        self.numberLabel.setObjectName(u"numberLabel")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.numberLabel)

        self.numberEdit = QLineEdit(self.generalTab)
        self.numberEdit.setObjectName(u"numberEdit")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.numberEdit)

        self.dateLabel = QLabel(self.generalTab)
        self.dateLabel.setObjectName(u"dateLabel")

        self.generalForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.dateRow = QHBoxLayout()
        self.dateRow.setObjectName(u"dateRow")
        self.dateEdit = DateField(self.generalTab)
        self.dateEdit.setObjectName(u"dateEdit")

        self.dateRow.addWidget(self.dateEdit)

        self.noDateCheck = QCheckBox(self.generalTab)
        self.noDateCheck.setObjectName(u"noDateCheck")

        self.dateRow.addWidget(self.noDateCheck)

        self.dateSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.dateRow.addItem(self.dateSpacer)


        self.generalForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.dateRow)

        self.issuingLabel = QLabel(self.generalTab)
        self.issuingLabel.setObjectName(u"issuingLabel")

        self.generalForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.issuingLabel)

        self.issuingEdit = QLineEdit(self.generalTab)
        self.issuingEdit.setObjectName(u"issuingEdit")

        self.generalForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.issuingEdit)

        self.governingLabel = QLabel(self.generalTab)
        self.governingLabel.setObjectName(u"governingLabel")

        self.generalForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.governingLabel)

        self.governingEdit = QLineEdit(self.generalTab)
        self.governingEdit.setObjectName(u"governingEdit")

        self.generalForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.governingEdit)

        self.statusLabel = QLabel(self.generalTab)
        self.statusLabel.setObjectName(u"statusLabel")

        self.generalForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusCombo = QComboBox(self.generalTab)
        self.statusCombo.setObjectName(u"statusCombo")

        self.generalForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.tabs.addTab(self.generalTab, "")
        self.contentTab = QWidget()
        self.contentTab.setObjectName(u"contentTab")
        self.contentForm = QFormLayout(self.contentTab)
        self.contentForm.setObjectName(u"contentForm")
        self.contentForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.basesLabel = QLabel(self.contentTab)
        self.basesLabel.setObjectName(u"basesLabel")

        self.contentForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.basesLabel)

        self.basesEdit = QPlainTextEdit(self.contentTab)
        self.basesEdit.setObjectName(u"basesEdit")
        self.basesEdit.setTabChangesFocus(True)

        self.contentForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.basesEdit)

        self.purposesLabel = QLabel(self.contentTab)
        self.purposesLabel.setObjectName(u"purposesLabel")

        self.contentForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.purposesLabel)

        self.purposesEdit = QPlainTextEdit(self.contentTab)
        self.purposesEdit.setObjectName(u"purposesEdit")
        self.purposesEdit.setTabChangesFocus(True)

        self.contentForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.purposesEdit)

        self.requirementsLabel = QLabel(self.contentTab)
        self.requirementsLabel.setObjectName(u"requirementsLabel")

        self.contentForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.requirementsLabel)

        self.requirementsEdit = QPlainTextEdit(self.contentTab)
        self.requirementsEdit.setObjectName(u"requirementsEdit")
        self.requirementsEdit.setTabChangesFocus(True)

        self.contentForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.requirementsEdit)

        self.tabs.addTab(self.contentTab, "")
        self.otherTab = QWidget()
        self.otherTab.setObjectName(u"otherTab")
        self.otherForm = QFormLayout(self.otherTab)
        self.otherForm.setObjectName(u"otherForm")
        self.otherForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.audiencesLabel = QLabel(self.otherTab)
        self.audiencesLabel.setObjectName(u"audiencesLabel")

        self.otherForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.audiencesLabel)

        self.audiencesEdit = QPlainTextEdit(self.otherTab)
        self.audiencesEdit.setObjectName(u"audiencesEdit")
        self.audiencesEdit.setTabChangesFocus(True)

        self.otherForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.audiencesEdit)

        self.budgetLabel = QLabel(self.otherTab)
        self.budgetLabel.setObjectName(u"budgetLabel")

        self.otherForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.budgetLabel)

        self.budgetEdit = QPlainTextEdit(self.otherTab)
        self.budgetEdit.setObjectName(u"budgetEdit")
        self.budgetEdit.setTabChangesFocus(True)

        self.otherForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.budgetEdit)

        self.tabs.addTab(self.otherTab, "")

        self.verticalLayout.addWidget(self.tabs)

        self.formError = QLabel(PlanDialog)
        self.formError.setObjectName(u"formError")
        self.formError.setWordWrap(True)

        self.verticalLayout.addWidget(self.formError)

        self.buttonBox = QDialogButtonBox(PlanDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.verticalLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.titleLabel.setBuddy(self.titleEdit)
        self.yearLabel.setBuddy(self.yearSpin)
        self.numberLabel.setBuddy(self.numberEdit)
        self.dateLabel.setBuddy(self.dateEdit)
        self.issuingLabel.setBuddy(self.issuingEdit)
        self.governingLabel.setBuddy(self.governingEdit)
        self.statusLabel.setBuddy(self.statusCombo)
        self.basesLabel.setBuddy(self.basesEdit)
        self.purposesLabel.setBuddy(self.purposesEdit)
        self.requirementsLabel.setBuddy(self.requirementsEdit)
        self.audiencesLabel.setBuddy(self.audiencesEdit)
        self.budgetLabel.setBuddy(self.budgetEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.titleEdit)
        QWidget.setTabOrder(self.titleEdit, self.yearSpin)
        QWidget.setTabOrder(self.yearSpin, self.numberEdit)
        QWidget.setTabOrder(self.numberEdit, self.dateEdit)
        QWidget.setTabOrder(self.dateEdit, self.noDateCheck)
        QWidget.setTabOrder(self.noDateCheck, self.issuingEdit)
        QWidget.setTabOrder(self.issuingEdit, self.governingEdit)
        QWidget.setTabOrder(self.governingEdit, self.statusCombo)
        QWidget.setTabOrder(self.statusCombo, self.basesEdit)
        QWidget.setTabOrder(self.basesEdit, self.purposesEdit)
        QWidget.setTabOrder(self.purposesEdit, self.requirementsEdit)
        QWidget.setTabOrder(self.requirementsEdit, self.audiencesEdit)
        QWidget.setTabOrder(self.audiencesEdit, self.budgetEdit)

        self.retranslateUi(PlanDialog)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(PlanDialog)
    # setupUi

    def retranslateUi(self, PlanDialog):
        PlanDialog.setWindowTitle(QCoreApplication.translate("PlanDialog", u"K\u1ebf ho\u1ea1ch", None))
        self.titleLabel.setText(QCoreApplication.translate("PlanDialog", u"&Tr\u00edch y\u1ebfu (t\u00ean k\u1ebf ho\u1ea1ch):", None))
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("PlanDialog", u"Tuy\u00ean truy\u1ec1n c\u1ea3i c\u00e1ch h\u00e0nh ch\u00ednh n\u0103m 2023", None))
        self.yearLabel.setText(QCoreApplication.translate("PlanDialog", u"&N\u0103m:", None))
        self.numberLabel.setText(QCoreApplication.translate("PlanDialog", u"&S\u1ed1 v\u00e0 k\u00fd hi\u1ec7u:", None))
        self.numberEdit.setPlaceholderText(QCoreApplication.translate("PlanDialog", u"25/KH-UBND", None))
        self.dateLabel.setText(QCoreApplication.translate("PlanDialog", u"Ng\u00e0y &ban h\u00e0nh:", None))
        self.noDateCheck.setText(QCoreApplication.translate("PlanDialog", u"Ch\u01b0a c\u00f3 ng\u00e0y", None))
        self.issuingLabel.setText(QCoreApplication.translate("PlanDialog", u"C\u01a1 quan ban &h\u00e0nh:", None))
#if QT_CONFIG(tooltip)
        self.issuingEdit.setToolTip(QCoreApplication.translate("PlanDialog", u"D\u1ea5u | l\u00e0 ch\u1ed7 xu\u1ed1ng d\u00f2ng \u1edf ti\u00eau \u0111\u1ec1 v\u0103n b\u1ea3n (UBND huy\u1ec7n|H\u00f2a Vang Th\u01b0\u1ee3ng)", None))
#endif // QT_CONFIG(tooltip)
        self.governingLabel.setText(QCoreApplication.translate("PlanDialog", u"C\u01a1 quan &ch\u1ee7 qu\u1ea3n:", None))
        self.statusLabel.setText(QCoreApplication.translate("PlanDialog", u"T&r\u1ea1ng th\u00e1i:", None))
        self.tabs.setTabText(self.tabs.indexOf(self.generalTab), QCoreApplication.translate("PlanDialog", u"Th\u00f4ng tin chung", None))
        self.basesLabel.setText(QCoreApplication.translate("PlanDialog", u"C\u0103n &c\u1ee9:", None))
        self.basesEdit.setPlaceholderText(QCoreApplication.translate("PlanDialog", u"M\u1ed7i c\u0103n c\u1ee9 m\u1ed9t d\u00f2ng", None))
        self.purposesLabel.setText(QCoreApplication.translate("PlanDialog", u"&M\u1ee5c \u0111\u00edch:", None))
        self.requirementsLabel.setText(QCoreApplication.translate("PlanDialog", u"&Y\u00eau c\u1ea7u:", None))
        self.tabs.setTabText(self.tabs.indexOf(self.contentTab), QCoreApplication.translate("PlanDialog", u"C\u0103n c\u1ee9, m\u1ee5c \u0111\u00edch, y\u00eau c\u1ea7u", None))
        self.audiencesLabel.setText(QCoreApplication.translate("PlanDialog", u"\u0110\u1ed1i &t\u01b0\u1ee3ng:", None))
        self.budgetLabel.setText(QCoreApplication.translate("PlanDialog", u"&Kinh ph\u00ed:", None))
        self.tabs.setTabText(self.tabs.indexOf(self.otherTab), QCoreApplication.translate("PlanDialog", u"\u0110\u1ed1i t\u01b0\u1ee3ng, kinh ph\u00ed", None))
        self.formError.setText("")
    # retranslateUi

